import { SlidingWindow } from '../common/rate/sliding-window';

/**
 * Per-client-address limit of the public dossier lookup: at most `limit` requests within any
 * `windowMs`, on the API's in-memory SlidingWindow (like the login throttle); the lookup is a
 * cheap indexed read, the limit is there to stop enumerating dossier codes. Not a middleware
 * package: it must answer with the API's JSON error and a Retry-After, from inside the one
 * route it guards.
 */
export class PublicLookupLimiter {
  private readonly requests: SlidingWindow;

  constructor(
    readonly limit: number,
    windowMs = 60_000,
    now: () => number = Date.now,
  ) {
    this.requests = new SlidingWindow(windowMs, now);
  }

  /** Counts a request; returns ms until the client may ask again (0 = allowed, and counted). */
  hit(client: string): number {
    const wait = this.requests.waitBelow(client, this.limit);
    if (wait === 0) this.requests.add(client);
    return wait;
  }
}

/**
 * Per-client-address limit of the public dossier lookup: at most `limit` requests per
 * fixed window of `windowMs`. In memory, per API replica (like the login throttle); the
 * lookup is a cheap indexed read, the limit is there to stop enumerating dossier codes.
 * Hand-written (twenty lines) rather than a middleware package: it must answer with the
 * API's JSON error and a Retry-After, from inside the one route it guards.
 */
export class PublicLookupLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request; returns ms until the client may ask again (0 = allowed). */
  hit(client: string): number {
    const t = this.now();
    let w = this.windows.get(client);
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, count: 0 };
      this.windows.delete(client);
      this.windows.set(client, w);
      if (this.windows.size > 100_000) this.windows.delete(this.windows.keys().next().value as string);
    }
    w.count++;
    return w.count > this.limit ? w.start + this.windowMs - t : 0;
  }
}

import { BoundedMap } from '../common/rate/bounded-map';
import { SlidingWindow } from '../common/rate/sliding-window';

/**
 * Failed-login throttling per client address AND per account, on the API's in-memory
 * SlidingWindow (enough to make online guessing — and burning scrypt CPU — impractical).
 *
 * - per client address: after CLIENT_FAILURES failures within WINDOW_MS (any usernames)
 *   that address is refused (429) until the oldest failure leaves the window;
 * - per (username, address): after PAIR_FAILURES failures that client is refused for that
 *   username the same way — a guesser locks out only itself;
 * - per account (all addresses): after ACCOUNT_FREE_FAILURES failures every further attempt
 *   waits a progressive delay after the latest failure (1 s, 2 s, 4 s … at most
 *   ACCOUNT_MAX_DELAY_MS). It is a delay, not a lock: an attacker spraying from many addresses
 *   slows guessing down but cannot keep an account (an admin's) locked, and an address the
 *   account logged in from successfully before (KNOWN_CLIENT_MS) is not delayed at all.
 */
export const WINDOW_MS = 15 * 60_000;
export const CLIENT_FAILURES = 30;
export const PAIR_FAILURES = 5;
export const ACCOUNT_FREE_FAILURES = 10;
export const ACCOUNT_MAX_DELAY_MS = 60_000;
export const KNOWN_CLIENT_MS = 30 * 24 * 3600_000;

export type ThrottleScope = 'client' | 'account-client' | 'account';

export interface ThrottleVerdict {
  retryAfterMs: number;
  scope: ThrottleScope;
}

export class LoginThrottle {
  private readonly failures: SlidingWindow;
  private readonly known = new BoundedMap<string, number>(100_000);

  constructor(private readonly now: () => number = Date.now) {
    this.failures = new SlidingWindow(WINDOW_MS, now);
  }

  /** null when this client may try to log in as `username` now */
  check(username: string, client: string): ThrottleVerdict | null {
    const byClient = this.failures.waitBelow(clientKey(client), CLIENT_FAILURES);
    if (byClient > 0) return { retryAfterMs: byClient, scope: 'client' };
    const byPair = this.failures.waitBelow(pairKey(username, client), PAIR_FAILURES);
    if (byPair > 0) return { retryAfterMs: byPair, scope: 'account-client' };
    const byAccount = this.failures.recent(accountKey(username));
    if (byAccount.length >= ACCOUNT_FREE_FAILURES && !this.isKnown(username, client)) {
      const delay = Math.min(1000 * 2 ** (byAccount.length - ACCOUNT_FREE_FAILURES), ACCOUNT_MAX_DELAY_MS);
      const wait = byAccount[byAccount.length - 1] + delay - this.now();
      if (wait > 0) return { retryAfterMs: wait, scope: 'account' };
    }
    return null;
  }

  /** Records a failure; returns the scopes this failure just closed (for the audit log). */
  fail(username: string, client: string): ThrottleScope[] {
    const closed: ThrottleScope[] = [];
    for (const [key, limit, scope] of [
      [clientKey(client), CLIENT_FAILURES, 'client'],
      [pairKey(username, client), PAIR_FAILURES, 'account-client'],
      [accountKey(username), ACCOUNT_FREE_FAILURES, 'account'],
    ] as const) {
      if (this.failures.add(key).length === limit) closed.push(scope);
    }
    return closed;
  }

  /** A successful login clears the account's failures and remembers the client. */
  succeed(username: string, client: string): void {
    this.failures.clear(pairKey(username, client));
    this.failures.clear(accountKey(username));
    this.known.set(pairKey(username, client), this.now());
  }

  private isKnown(username: string, client: string): boolean {
    const at = this.known.get(pairKey(username, client));
    return at !== undefined && this.now() - at < KNOWN_CLIENT_MS;
  }
}

const clientKey = (client: string) => `c|${client}`;
const accountKey = (username: string) => `a|${username.toLowerCase()}`;
const pairKey = (username: string, client: string) => `p|${username.toLowerCase()}|${client}`;

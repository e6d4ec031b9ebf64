/**
 * Failed-login throttle per username: after MAX_FAILURES failures inside WINDOW_MS the
 * username is refused (429) until the oldest failure leaves the window. In memory, per API
 * replica — enough to make online guessing (and burning scrypt CPU) impractical; a shared
 * store would be needed for a strict cluster-wide limit. Hand-written because it is ten
 * lines and needs no HTTP-layer integration (it keys on the body's username, not the IP).
 */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** ms until the username may try again, 0 when it may try now */
  retryAfterMs(username: string): number {
    const recent = this.recent(username);
    return recent.length >= MAX_FAILURES ? recent[0] + WINDOW_MS - this.now() : 0;
  }

  fail(username: string): void {
    const key = username.toLowerCase();
    this.failures.set(key, [...this.recent(key), this.now()]);
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value as string);
  }

  succeed(username: string): void {
    this.failures.delete(username.toLowerCase());
  }

  private recent(username: string): number[] {
    const since = this.now() - WINDOW_MS;
    return (this.failures.get(username.toLowerCase()) ?? []).filter((t) => t > since);
  }
}

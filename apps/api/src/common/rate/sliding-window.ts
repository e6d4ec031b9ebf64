import { BoundedMap } from './bounded-map';

/**
 * The API's one in-memory rate counter (the login throttle, the public lookup limit): the events
 * of each key within the last `windowMs`, per API replica, for at most `maxKeys` keys (the
 * longest-untouched go first). Enough to stop online guessing and enumeration; a strict
 * cluster-wide limit would need a shared store.
 */
export class SlidingWindow {
  private readonly events: BoundedMap<string, number[]>;

  constructor(
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    maxKeys = 100_000,
  ) {
    this.events = new BoundedMap(maxKeys);
  }

  /** the instants of `key`'s events still in the window, oldest first */
  recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.events.get(key) ?? []).filter((t) => t > since);
  }

  /** records an event of `key` now; returns its events in the window, this one included */
  add(key: string): number[] {
    const list = [...this.recent(key), this.now()];
    this.events.set(key, list);
    return list;
  }

  /** ms until `key` has fewer than `limit` events in the window (0: it has already) */
  waitBelow(key: string, limit: number): number {
    const list = this.recent(key);
    return list.length < limit ? 0 : list[list.length - limit] + this.windowMs - this.now();
  }

  clear(key: string): void {
    this.events.delete(key);
  }
}

/**
 * What the API knows about Temporal's reachability, so that while it is down every request is
 * answered 503 at once instead of each waiting out its own call deadline (up to 60 s; ≈ 45 s per
 * replica seen in the production suite). Marked down by a failed call (or a failed probe beside a
 * call that got no answer); while down, one probe a second — the first that succeeds marks it up.
 */
export class EngineHealth {
  private since?: Date;
  private timer?: NodeJS.Timeout;

  constructor(
    /** one short health call (getSystemInfo under a deadline): true when Temporal answered */
    private readonly probe: () => Promise<boolean>,
    private readonly reprobeMs = 1_000,
  ) {}

  /** when Temporal was found unreachable; undefined: reachable (or not asked yet) */
  get downSince(): Date | undefined {
    return this.since;
  }

  markDown(): Date {
    if (!this.since) {
      this.since = new Date();
      this.schedule();
    }
    return this.since;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private schedule(): void {
    this.timer = setTimeout(async () => {
      if (await this.probe()) this.since = undefined;
      else this.schedule();
    }, this.reprobeMs);
    this.timer.unref();
  }
}

/**
 * One serial chain for every local activity of a run (patch `tthc-serial-local-activities`).
 *
 * Why: a local activity's result arrives as an activation job, and what the workflow does with it
 * orders the commands that follow (a task's due date → createUserTask, a working-time instant → the
 * timer, a definition → the child, a local service task → the next job, progress → the update's
 * answer). Two local activities in flight at once resolve in *completion* order when the run is
 * executed, one per activation, but on replay the SDK resolves every peeked marker at once, in one
 * activation: the code that reacts to each result interleaves differently at the microtask level
 * and the commands can come out in another order ("Timer machine does not handle
 * ActivityTaskScheduled", seen with two computeDue calls in session 3). With at most one local
 * activity in flight there is nothing to interleave: the next one is scheduled only once the
 * previous one has resolved, in the order the workflow asked for them — the same order on replay.
 *
 * Runs started before the patch keep their concurrent local activities (their histories replay
 * that way); `enabled` is the result of `patched(SERIAL_LOCAL_ACTIVITIES_PATCH)`. Deterministic
 * workflow code.
 */
/** patch id: every local activity of a run goes through one serial chain */
export const SERIAL_LOCAL_ACTIVITIES_PATCH = 'tthc-serial-local-activities';

export class LocalChain {
  private tail: Promise<unknown> = Promise.resolve();
  /** local activities scheduled through the chain and not yet resolved */
  private inFlight = 0;

  constructor(readonly enabled: boolean) {}

  /** schedules `call` once every local activity asked for before it has resolved (or at once when the chain is off) */
  run<T>(call: () => Promise<T>): Promise<T> {
    if (!this.enabled) return call();
    this.inFlight += 1;
    const next = this.tail.then(call, call).finally(() => {
      this.inFlight -= 1;
    });
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** nothing waits in the chain (continueAsNew must not lose a queued call) */
  idle(): boolean {
    return this.inFlight === 0;
  }
}

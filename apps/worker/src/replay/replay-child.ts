/**
 * One replay process of replayInParallel (parallel-replay.ts), started with `fork`. It receives the
 * workflow bundle and then histories over IPC, replays them on `lanes` replay workers and sends one
 * result per history back.
 *
 * Its replay workers (`ReplayOnlyWorker`) differ from the SDK's default replay worker in what costs
 * and never decides (docs/worker.md, W5):
 * - the workflow code runs on this process's main thread in the reusable V8 context (debug mode, as
 *   the SDK's own replay does): no worker thread to hand each activation to;
 * - no execution timeout per call into the sandbox: Node starts and joins a watchdog thread for every
 *   `runInContext` that has one (~25 calls per history). The SDK's default replay sets it to 49 days,
 *   i.e. none that matters; a workflow stuck in a loop hangs a replay either way;
 * - no stack-trace hooks (`globalHandlers.uninstall()`): they serve the `__stack_trace` query of a
 *   live workflow — a promise hook that captures and source-maps a stack trace for every promise the
 *   workflow creates, about half of a replayed history's CPU. A replay asks no query.
 * Neither changes a command the workflow code produces, so a replay here fails on exactly the
 * non-determinism the SDK's replay fails on (replay-histories.spec.ts checks both ways).
 */
import { DefaultLogger, Runtime, Worker, type Logger, type ReplayHistoriesIterable, type ReplayWorkerOptions } from '@temporalio/worker';
import type { CompiledWorkerOptions } from '@temporalio/worker/lib/worker-options';
import type { WorkflowBundleWithSourceMapAndFilename } from '@temporalio/worker/lib/workflow/workflow-worker-thread/input';
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import { DeterminismViolationError } from '@temporalio/workflow';
import { temporal } from '@temporalio/proto';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';
import type { FromReplayChild, ToReplayChild } from './replay-messages';

type Job = { workflowId: string; history: temporal.api.history.v1.IHistory };

/** histories received and not yet taken by a lane; `take` waits for one, or for the end */
class JobQueue {
  private jobs: Job[] = [];
  private waiting: Array<(job: Job | undefined) => void> = [];
  private ended = false;

  push(job: Job): void {
    const w = this.waiting.shift();
    if (w) w(job);
    else this.jobs.push(job);
  }

  end(): void {
    this.ended = true;
    for (const w of this.waiting.splice(0)) w(undefined);
  }

  take(): Promise<Job | undefined> {
    const job = this.jobs.shift();
    if (job || this.ended) return Promise.resolve(job);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

const send = (m: FromReplayChild, then?: () => void) => process.send?.(m, undefined, {}, then);
const queue = new JobQueue();

class ReplayOnlyWorker extends Worker {
  protected static override async createWorkflowCreator(bundle: WorkflowBundleWithSourceMapAndFilename, options: CompiledWorkerOptions, logger: Logger) {
    // the vm's `timeout` is left out when undefined (no watchdog thread)
    const unwatched = { ...options, debugMode: true, reuseV8Context: true, isolateExecutionTimeoutMs: undefined as unknown as number };
    const creator = await super.createWorkflowCreator(bundle, unwatched, logger);
    // installed (again) by every new creator; installed once per process, so taken off once per lane
    if (globalHandlers.installed) globalHandlers.uninstall();
    return creator;
  }
}

function lane(): ReplayHistoriesIterable {
  return (async function* () {
    for (;;) {
      const job = await queue.take();
      if (!job) return;
      yield job;
    }
  })();
}

async function run(start: Extract<ToReplayChild, { type: 'start' }>): Promise<void> {
  // replay workers log every state change at INFO, and the core a warning for each non-determinism it finds (reported as a result)
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const options: ReplayWorkerOptions = { workflowBundle: { code: start.code }, dataConverter: TTHC_DATA_CONVERTER };
  await Promise.all(
    Array.from({ length: start.lanes }, async (_, i) => {
      for await (const r of ReplayOnlyWorker.runReplayHistories({ ...options, replayName: `${start.replayName}-${process.pid}-${i}` }, lane())) {
        const error = r.error && { name: r.error instanceof DeterminismViolationError ? ('DeterminismViolationError' as const) : ('ReplayError' as const), message: r.error.message };
        send({ type: 'result', workflowId: r.workflowId, runId: r.runId, ...(error ? { error } : {}) });
      }
    }),
  );
}

process.on('message', (m: ToReplayChild) => {
  if (m.type === 'history') queue.push({ workflowId: m.workflowId, history: temporal.api.history.v1.History.decode(m.history) });
  else if (m.type === 'end') queue.end();
  else
    run(m).then(
      () => send({ type: 'done' }),
      (err: Error) => send({ type: 'failed', message: err?.message ?? String(err) }, () => process.exit(1)),
    );
});
// the parent disconnects once it has every result (or gives up): nothing is left to do here
process.on('disconnect', () => process.exit(process.exitCode ?? 0));

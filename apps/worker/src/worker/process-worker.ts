/**
 * The SDK's Worker, with the sandbox's per-call watchdog off unless TTHC_WORKER_ISOLATE_TIMEOUT_MS
 * asks for one (docs/worker.md "The sandbox's watchdog").
 *
 * The SDK passes `isolateExecutionTimeout` (5 s) to every `vm.runInContext` call into the workflow
 * sandbox, and Node starts and joins a watchdog thread for every call that has a timeout: a W4
 * profile put ≈ 43 % of the workflow thread's busy time there (≈ 40 µs per call idle, milliseconds
 * when the cores are busy and the joined thread waits its turn). What it guards — a synchronous
 * loop that never yields — our interpreter bounds itself, deterministically: MAX_STEPS steps
 * without a wait state (libs/engine runtime.ts) and the FEEL budget (feel-limits.ts) end such a run
 * in an incident, once, where the watchdog would fail the workflow task and the server retry it
 * for ever. The commands a workflow produces do not change (replay is unaffected).
 */
import { Worker, type Logger } from '@temporalio/worker';
import type { CompiledWorkerOptions } from '@temporalio/worker/lib/worker-options';
import type { WorkflowBundleWithSourceMapAndFilename } from '@temporalio/worker/lib/workflow/workflow-worker-thread/input';

/** TTHC_WORKER_ISOLATE_TIMEOUT_MS: a positive integer puts the SDK's watchdog back with that timeout; unset: none */
export function isolateTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.TTHC_WORKER_ISOLATE_TIMEOUT_MS;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`TTHC_WORKER_ISOLATE_TIMEOUT_MS must be a positive integer (got "${raw}")`);
  return n;
}

export class ProcessWorker extends Worker {
  protected static override async createWorkflowCreator(bundle: WorkflowBundleWithSourceMapAndFilename, options: CompiledWorkerOptions, logger: Logger) {
    // `timeout: undefined` is left out of the vm call: no watchdog thread
    const isolateExecutionTimeoutMs = isolateTimeoutFromEnv() as number;
    return super.createWorkflowCreator(bundle, { ...options, isolateExecutionTimeoutMs }, logger);
  }
}

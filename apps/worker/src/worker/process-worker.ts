/**
 * The SDK's Worker, with two costs of the workflow sandbox taken off: the per-call watchdog (unless
 * TTHC_WORKER_ISOLATE_TIMEOUT_MS asks for one) and the stack-trace promise hook (unless
 * TTHC_WORKER_STACK_TRACES=1) — docs/worker.md "The sandbox's watchdog", "The stack-trace promise hook".
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
import { Worker as Thread } from 'node:worker_threads';
import { Worker, type Logger } from '@temporalio/worker';
import type { CompiledWorkerOptions } from '@temporalio/worker/lib/worker-options';
import { ThreadedVMWorkflowCreator, WorkerThreadClient } from '@temporalio/worker/lib/workflow/threaded-vm';
import type { WorkflowBundleWithSourceMapAndFilename } from '@temporalio/worker/lib/workflow/workflow-worker-thread/input';

/** TTHC_WORKER_ISOLATE_TIMEOUT_MS: a positive integer puts the SDK's watchdog back with that timeout; unset: none */
export function isolateTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.TTHC_WORKER_ISOLATE_TIMEOUT_MS;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`TTHC_WORKER_ISOLATE_TIMEOUT_MS must be a positive integer (got "${raw}")`);
  return n;
}

/** TTHC_WORKER_STACK_TRACES=1 puts the SDK's stack-trace promise hook back into the workflow threads (default: off) */
export function stackTracesFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.TTHC_WORKER_STACK_TRACES;
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new Error(`TTHC_WORKER_STACK_TRACES must be 1 or 0 (got "${raw}")`);
}

/**
 * The SDK's workflow thread, without its stack-trace promise hook: the hook makes an Error and
 * formats its stack for every promise workflow code creates, only to answer the `__stack_trace`
 * query (the Temporal UI's "Stack Trace" tab) — ≈ a third of the workflow thread's busy time in a W2
 * profile once the watchdog was gone (session 8). Error stacks keep their source-mapped frames
 * (`overridePrepareStackTrace` stays); commands and replay do not change.
 */
const THREAD_WITHOUT_STACK_TRACES = `
require(${JSON.stringify(require.resolve('@temporalio/worker/lib/workflow/vm-shared'))}).globalHandlers.setPromiseHook = function () {};
require(${JSON.stringify(require.resolve('@temporalio/worker/lib/workflow/workflow-worker-thread'))});
`;

export class ProcessWorker extends Worker {
  protected static override async createWorkflowCreator(bundle: WorkflowBundleWithSourceMapAndFilename, options: CompiledWorkerOptions, logger: Logger) {
    // `timeout: undefined` is left out of the vm call: no watchdog thread
    const isolateExecutionTimeoutMs = isolateTimeoutFromEnv() as number;
    if (options.debugMode || stackTracesFromEnv()) return super.createWorkflowCreator(bundle, { ...options, isolateExecutionTimeoutMs }, logger);
    // as the SDK's ThreadedVMWorkflowCreator.create, with our thread script
    const clients = Array.from(
      { length: options.workflowThreadPoolSize },
      () => new WorkerThreadClient(new Thread(THREAD_WITHOUT_STACK_TRACES, { eval: true }), logger, options.patchActivationCallback),
    );
    await Promise.all(
      clients.map((client) =>
        client.send({
          type: 'init',
          workflowBundle: bundle,
          isolateExecutionTimeoutMs,
          reuseV8Context: options.reuseV8Context ?? true,
          registeredActivityNames: new Set(options.activities.keys()),
          hasPatchActivationCallback: options.patchActivationCallback !== undefined,
        }),
      ),
    );
    return new ThreadedVMWorkflowCreator(clients);
  }
}

/**
 * The job part of the process runtime (process-runtime.ts): where a service task's handler runs.
 *
 * Cheap steps (patch `tthc-local-service-tasks`): a job is first offered to the `runLocalServiceTask`
 * local activity, in the worker that runs the workflow. When the service-task registry marks its type
 * `local` (no-op, data mapping, our built-ins) the handler runs right there: one marker in history and
 * no server round trip. A type marked durable (external calls, long jobs) answers `handoff` and the job
 * becomes the `runServiceTask` activity as before (server-side retries, heartbeats). The answer is in
 * the marker, so a later change of the registry never changes how a recorded run replays. An element's
 * `tthc:execution` overrides the registry: `activity` goes straight to the durable activity (no local
 * step at all), `local` runs the handler locally whatever the registry says.
 *
 * Runs started before the patch (no marker) run every job as a durable activity, as they were recorded.
 * Deterministic workflow code.
 */
import { ApplicationFailure, CancellationScope, proxyLocalActivities, type ActivityInterfaceFor } from '@temporalio/workflow';
import type { ExecutableGraph, LocalServiceTaskInput, LocalServiceTaskOutcome, LocalServiceTaskResult, ProcessActivities, ScopeNode, ServiceTaskInput } from '@tthc/contracts';
import { PURE_STEPS } from '../activities/service-tasks/pure-steps';
import { serviceTasks } from './activity-proxies';
import type { LocalChain } from './local-chain';
import type { RunPatches } from './run-patches';

/** patch id: jobs go through runLocalServiceTask first (cheap steps as local activities) */
export const LOCAL_SERVICE_TASKS_PATCH = 'tthc-local-service-tasks';
/**
 * patch id: the local steps one event starts (the branches of a parallel split, a multi-instance) go to the
 * worker together, as ONE local activity (runLocalServiceTasks): one marker and one round trip instead of
 * one per step through the serial chain. A step that fails there with a retryable error runs again on its
 * own with the attempts it has left; a step past the batch's payload budget runs again on its own.
 */
export const LOCAL_STEP_BATCHES_PATCH = 'tthc-local-step-batches';
/**
 * patch id (folded into the patch set, run-patches.ts): the pure built-in step types (pure-steps.ts: `noop`,
 * `set-variables`, `echo`) without `tthc:execution` are computed in the workflow — no local activity at all.
 */
export const INLINE_STEPS_PATCH = 'tthc-inline-steps';
/**
 * every this-many pure steps one goes as a local activity: a BPMN loop of pure steps must not spin inside
 * one workflow task (the SDK fails a task that runs too long), and the history keeps growing (continue-as-new)
 */
export const INLINE_STEP_BURST = 200;

/** a pure step's outcome, computed in the workflow */
export type InlineOutcome = { variables: Record<string, unknown> } | { failure: string };

interface Queued {
  input: LocalServiceTaskInput;
  resolve(outcome: LocalServiceTaskOutcome): void;
  reject(err: unknown): void;
}

/** the batch activity: no retry of its own (each outcome says how its job went) */
const batchProxy = proxyLocalActivities<ProcessActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 1 } });

const localProxies = new Map<number, ActivityInterfaceFor<ProcessActivities>>();

/** the same attempts as the durable activity (Camunda's `retries` = total attempts), retried by the worker */
function localServiceTasks(retries: number | undefined): ActivityInterfaceFor<ProcessActivities> {
  const attempts = Math.max(1, retries ?? 3);
  let proxy = localProxies.get(attempts);
  if (!proxy) {
    proxy = proxyLocalActivities<ProcessActivities>({
      // a cheap step: longer than this is durable work (mark it so in the registry or with tthc:execution)
      startToCloseTimeout: '1 minute',
      retry: { maximumAttempts: attempts, initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
    });
    localProxies.set(attempts, proxy);
  }
  return proxy;
}

export class RuntimeJobs {
  /** tthc:execution by element id (only elements that carry it) */
  private readonly executions = new Map<string, 'local' | 'activity'>();
  private local?: boolean;
  private batches?: boolean;
  private inlineSteps?: boolean;
  /** pure steps computed in the workflow since the last one that went as a local activity */
  private inlineBurst = 0;
  /** local steps asked for in this microtask burst (flushed as one batch) */
  private queued?: Queued[];

  constructor(
    graph: ExecutableGraph,
    private readonly chain: LocalChain,
    private readonly patches: RunPatches,
  ) {
    collectExecutions(graph.root, this.executions);
  }

  /**
   * A pure built-in step (no `tthc:execution` on the element) computed here, in the workflow
   * (INLINE_STEPS_PATCH); undefined when the job needs a handler (local or durable activity).
   */
  inline(job: { elementId: string; taskType: string; headers?: Record<string, string> }): InlineOutcome | undefined {
    const step = PURE_STEPS[job.taskType];
    if (!step || this.executions.has(job.elementId)) return undefined;
    // asked at the first pure step, so runs without one carry no marker (runs before the patch set)
    this.inlineSteps ??= this.patches.has(INLINE_STEPS_PATCH);
    if (!this.inlineSteps) return undefined;
    if (++this.inlineBurst >= INLINE_STEP_BURST) {
      this.inlineBurst = 0;
      return undefined;
    }
    try {
      return { variables: step(job.headers ?? {}) };
    } catch (err) {
      return { failure: err instanceof Error ? err.message : String(err) };
    }
  }

  /** runs the job's handler (locally or as a durable activity); resolves with its variables */
  async run(input: ServiceTaskInput, retries: number | undefined): Promise<Record<string, unknown>> {
    // asked at the first job, so runs without service tasks carry no marker
    this.local ??= this.patches.has(LOCAL_SERVICE_TASKS_PATCH);
    const execution = this.executions.get(input.elementId);
    if (this.local && execution !== 'activity') {
      const local: LocalServiceTaskInput = { ...input, ...(execution === 'local' ? { forceLocal: true } : {}) };
      this.batches ??= this.patches.has(LOCAL_STEP_BATCHES_PATCH);
      const answer = this.batches ? await this.fromBatch(local, retries) : await this.alone(local, retries);
      if ('variables' in answer) return answer.variables;
    }
    return serviceTasks(retries).runServiceTask(input);
  }

  private alone(input: LocalServiceTaskInput, retries: number | undefined): Promise<LocalServiceTaskResult> {
    return this.chain.run(() => localServiceTasks(retries).runLocalServiceTask(input));
  }

  /** the step's outcome in the batch of the steps started with it; a retryable failure runs again alone */
  private async fromBatch(input: LocalServiceTaskInput, retries: number | undefined): Promise<LocalServiceTaskResult> {
    const outcome = await this.enqueue(input, retries);
    if ('alone' in outcome) return this.alone(input, retries);
    if (!('failure' in outcome)) return outcome;
    const { type, message, nonRetryable, details } = outcome.failure;
    const left = Math.max(1, retries ?? 3) - 1;
    if (nonRetryable || left === 0) throw ApplicationFailure.create({ type, message, nonRetryable: true, details });
    return this.alone(input, left);
  }

  /** a step alone in its burst keeps the single activity; two or more go as one batch */
  private enqueue(input: LocalServiceTaskInput, retries: number | undefined): Promise<LocalServiceTaskOutcome> {
    return new Promise<LocalServiceTaskOutcome>((resolve, reject) => {
      if (!this.queued) {
        this.queued = [];
        // after the commands of the current event have all been carried out (deterministic microtask order)
        void Promise.resolve().then(() => this.flush(retries));
      }
      this.queued.push({ input, resolve, reject });
    });
  }

  private flush(retries: number | undefined): void {
    const batch = this.queued ?? [];
    this.queued = undefined;
    if (batch.length === 1) {
      const [only] = batch;
      this.chain.run(() => localServiceTasks(retries).runLocalServiceTask(only.input)).then(only.resolve, only.reject);
      return;
    }
    // not tied to the scope of the step that opened the batch: cancelling one step must not cancel the others
    CancellationScope.nonCancellable(() => this.chain.run(() => batchProxy.runLocalServiceTasks(batch.map((q) => q.input)))).then(
      (outcomes) => batch.forEach((q, i) => q.resolve(outcomes[i] ?? { alone: true })),
      (err: unknown) => batch.forEach((q) => q.reject(err)),
    );
  }
}

function collectExecutions(scope: ScopeNode, into: Map<string, 'local' | 'activity'>): void {
  for (const node of Object.values(scope.nodes)) {
    if (node.execution) into.set(node.id, node.execution);
    if (node.scope) collectExecutions(node.scope, into);
  }
}

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
import { patched, proxyLocalActivities, type ActivityInterfaceFor } from '@temporalio/workflow';
import type { ExecutableGraph, LocalServiceTaskResult, ProcessActivities, ScopeNode, ServiceTaskInput } from '@tthc/contracts';
import { serviceTasks } from './activity-proxies';
import type { LocalChain } from './local-chain';

/** patch id: jobs go through runLocalServiceTask first (cheap steps as local activities) */
export const LOCAL_SERVICE_TASKS_PATCH = 'tthc-local-service-tasks';

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

  constructor(
    graph: ExecutableGraph,
    private readonly chain: LocalChain,
  ) {
    collectExecutions(graph.root, this.executions);
  }

  /** runs the job's handler (locally or as a durable activity); resolves with its variables */
  async run(input: ServiceTaskInput, retries: number | undefined): Promise<Record<string, unknown>> {
    // asked at the first job, so runs without service tasks carry no marker
    this.local ??= patched(LOCAL_SERVICE_TASKS_PATCH);
    const execution = this.executions.get(input.elementId);
    if (this.local && execution !== 'activity') {
      const answer: LocalServiceTaskResult = await this.chain.run(() =>
        localServiceTasks(retries).runLocalServiceTask({ ...input, ...(execution === 'local' ? { forceLocal: true } : {}) }),
      );
      if ('variables' in answer) return answer.variables;
    }
    return serviceTasks(retries).runServiceTask(input);
  }
}

function collectExecutions(scope: ScopeNode, into: Map<string, 'local' | 'activity'>): void {
  for (const node of Object.values(scope.nodes)) {
    if (node.execution) into.set(node.id, node.execution);
    if (node.scope) collectExecutions(node.scope, into);
  }
}

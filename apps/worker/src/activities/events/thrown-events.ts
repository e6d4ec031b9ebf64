/**
 * Messages and signals thrown by a process reach OTHER processes (BPMN 2.0.2 §10.5.2 message flow
 * between participants, §10.5.4 signal broadcast): they start every process (latest version)
 * with a message / signal start event of that name and are delivered to the running instances
 * whose definitions catch it — only of the thrower's agency and agency-less ones (docs/security.md).
 *
 * Idempotent per throw: the throw's id (instance id / element instance id, stable across activity
 * retries and incident retries) gives each started instance a deterministic id, so a retried throw
 * finds its instance row and its workflow (`pi/<id>`) instead of starting a second one; and it goes
 * with every delivery (messageId / signalId), so a running instance offered it again by a retry after
 * a partial delivery receives it once (workflows/delivered-once.ts).
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  DELIVER_MESSAGE_SIGNAL,
  DELIVER_SIGNAL_SIGNAL,
  RUN_PROCESS_WORKFLOW,
  type BroadcastSignalInput,
  type PublishMessageInput,
  type RunProcessInput,
  type ThrowResult,
} from '@tthc/contracts';
import { appendAuditIn, EventRoutes, getDefinition, getInstance, inTransaction, insertInstanceIn, isUniqueViolation, listInstances, type StartSubscription } from '@tthc/persistence';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface ThrowDeps {
  ds: DataSource;
  client: Client;
  /** task queue of the started workflows: this worker's */
  taskQueue: string;
  /** the calendar a started run pins in its input, as the API's starts do (worker-calendar.ts) */
  pinCalendar: (input: Pick<RunProcessInput, 'graph' | 'agency' | 'dossierId'>) => Promise<Pick<RunProcessInput, 'calendar'>>;
}

const routesByDs = new WeakMap<DataSource, EventRoutes>();
function routes(ds: DataSource): EventRoutes {
  let r = routesByDs.get(ds);
  if (!r) routesByDs.set(ds, (r = new EventRoutes(ds)));
  return r;
}

/** agency scoping: the thrower's agency and agency-less processes (an agency-less thrower: agency-less only) */
const inScope = (thrower: string | undefined, target: string | null) => !target || target === thrower;

export async function publishThrownMessage(deps: ThrowDeps, input: PublishMessageInput): Promise<ThrowResult> {
  const r = routes(deps.ds);
  const started: string[] = [];
  for (const sub of await r.starts('message', input.name)) {
    if (!inScope(input.agency, sub.agency) || sub.processKey === input.fromProcessKey) continue;
    const id = instanceIdFor(input.throwId, sub.processKey);
    if (input.correlationKey && (await runningWithKey(deps.ds, sub.processKey, input.correlationKey, id))) continue; // Zeebe: one instance per key
    started.push(await startOnce(deps, sub, id, input.correlationKey, input.variables, input.fromInstanceId, input.throwId));
  }
  const args = { name: input.name, correlationKey: input.correlationKey, variables: input.variables, messageId: input.throwId };
  const offered = await offer(deps, await r.catching('message', input.name), input.agency, [input.fromInstanceId, ...started], (wf) =>
    deps.client.workflow.getHandle(wf).signal(DELIVER_MESSAGE_SIGNAL, args),
  );
  return { offered, started };
}

/** a thrown signal of a run after the `tthc-throw-starts` patch (input.throwId set) */
export async function broadcastThrownSignal(deps: ThrowDeps, input: BroadcastSignalInput & { throwId: string }): Promise<ThrowResult> {
  const r = routes(deps.ds);
  const started: string[] = [];
  for (const sub of await r.starts('signal', input.name)) {
    if (!inScope(input.agency, sub.agency) || sub.processKey === input.fromProcessKey) continue;
    started.push(await startOnce(deps, sub, instanceIdFor(input.throwId, sub.processKey), undefined, input.variables, input.fromInstanceId, input.throwId));
  }
  const offered = await offer(deps, await r.catching('signal', input.name), input.agency, [input.fromInstanceId, ...started], (wf) =>
    deps.client.workflow.getHandle(wf).signal(DELIVER_SIGNAL_SIGNAL, { name: input.name, variables: input.variables, signalId: input.throwId }),
  );
  return { offered, started };
}

/** a name-based UUID (version 5 layout, SHA-1) of the throw and the started process */
export function instanceIdFor(throwId: string, processKey: string): string {
  const h = createHash('sha1').update(`${throwId}\n${processKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

async function runningWithKey(ds: DataSource, processKey: string, businessKey: string, ours: string): Promise<boolean> {
  const page = await listInstances(ds, { processKey, states: ['ACTIVE'], businessKey, limit: 2 });
  return page.items.some((i) => i.id !== ours);
}

/**
 * The instance row and its audit entry (one transaction), then the workflow; both steps are
 * skipped when a previous attempt of the same throw did them.
 */
async function startOnce(deps: ThrowDeps, sub: StartSubscription, id: string, businessKey: string | undefined, variables: Record<string, unknown>, fromInstanceId: string, throwId: string): Promise<string> {
  const def = await getDefinition(deps.ds, sub.processKey, sub.version);
  if (!def) throw new Error(`process ${sub.processKey} version ${sub.version} is not deployed`);
  const workflowId = `pi/${id}`;
  const startedBy = `process-instance/${fromInstanceId}`;
  if (!(await getInstance(deps.ds, id))) {
    try {
      await inTransaction(deps.ds, async (m) => {
        await insertInstanceIn(m, { id, processKey: def.key, version: def.version, definitionId: def.id, businessKey: businessKey ?? null, variables, agency: sub.agency, startedBy, workflowId });
        await appendAuditIn(m, {
          actor: startedBy,
          action: 'process-instance.start',
          entity: 'process-instance',
          entityId: id,
          details: { processKey: def.key, version: def.version, businessKey: businessKey ?? null, startEventId: sub.startEventId, thrownBy: throwId },
        });
      });
    } catch (err) {
      // a concurrent attempt of the same throw inserted it; anything else (the audit chain moved meanwhile) is retried
      if (!isUniqueViolation(err) || !(await getInstance(deps.ds, id))) throw err;
    }
  }
  const input: RunProcessInput = {
    definitionId: def.id,
    definitionHash: def.hash,
    processKey: def.key,
    version: def.version,
    instanceId: id,
    businessKey,
    variables,
    graph: def.graph,
    agency: sub.agency ?? undefined,
    startedBy,
    startEventId: sub.startEventId,
  };
  // working-time timers and due dates computed in the workflow (no computeDue activity), as in runs the API starts
  Object.assign(input, await deps.pinCalendar(input));
  try {
    await deps.client.workflow.start(RUN_PROCESS_WORKFLOW, { taskQueue: deps.taskQueue, workflowId, args: [input] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return id;
}

/** delivers to the ACTIVE instances of these versions in the thrower's agency scope, except `skip` */
async function offer(deps: ThrowDeps, definitionIds: string[], agency: string | undefined, skip: string[], send: (workflowId: string) => Promise<void>): Promise<number> {
  let offered = 0;
  let cursor: string | undefined;
  do {
    const page = await listInstances(deps.ds, { states: ['ACTIVE'], definitionIds, agency: agency ?? null, cursor, limit: 200 });
    const results = await Promise.allSettled(page.items.filter((i) => !skip.includes(i.id)).map((i) => send(i.workflowId)));
    for (const res of results) {
      if (res.status === 'fulfilled') offered++;
      else if (!(res.reason instanceof WorkflowNotFoundError)) throw res.reason;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return offered;
}

/**
 * Representative runs whose Temporal histories are committed under
 * src/__tests__/histories/ and replayed by CI (replay-histories.spec.ts). Each scenario
 * drives one instance through the constructs it names. Re-record with
 * `node -r @swc-node/register apps/worker/src/replay/record-histories.ts` (SWCRC=true).
 */
import { CANCEL_SIGNAL, COMPLETE_TASK_UPDATE, GET_STATE_QUERY, MIGRATE_BATCH_WORKFLOW, MIGRATE_INSTANCE_UPDATE, migrationBatchWorkflowId, MODIFY_INSTANCE_UPDATE, RETRY_INCIDENT_UPDATE, type MigrateInstanceArgs, type ModifyInstanceArgs, type ProcessStateView } from '@tthc/contracts';
import { TaskEntity } from '@tthc/persistence';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessHarness, Started } from '../testing/process-harness';
import { fixture } from '../testing/fixtures';

export interface HistoryScenario {
  name: string;
  /** a file in src/__tests__/fixtures, or an absolute path */
  fixture: string;
  process: string;
  variables?: Record<string, unknown>;
  historyLimit?: number;
  /** start at this start event (default: the none start event) */
  startEventId?: string;
  /** drives the instance to its end (default: nothing to do); other instances it returns are recorded too, as `<name>-<key>` */
  drive?(h: ProcessHarness, run: Started): Promise<void | Record<string, Started>>;
}

async function completeOpenTask(h: ProcessHarness, run: Started, elementId: string, variables: Record<string, unknown>) {
  const task = await h.openTask(run.instanceId, elementId);
  await run.handle.executeUpdate(COMPLETE_TASK_UPDATE, { args: [{ taskId: task.id, variables, by: 'officer1' }] });
}

async function waitState(run: Started, ok: (s: ProcessStateView) => boolean, h: ProcessHarness) {
  return h.waitFor('state', async () => {
    const s = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
    return ok(s) && s;
  });
}

export const HISTORY_SCENARIOS: HistoryScenario[] = [
  { name: 'user-task-service-task-approved', fixture: 'approval.bpmn', process: 'approval', drive: (h, run) => completeOpenTask(h, run, 'review', { approved: true }) },
  { name: 'exclusive-default-flow-rejected', fixture: 'approval.bpmn', process: 'approval', drive: (h, run) => completeOpenTask(h, run, 'review', { approved: false }) },
  {
    name: 'cancel-open-user-task',
    fixture: 'approval.bpmn',
    process: 'approval',
    drive: async (h, run) => {
      await h.openTask(run.instanceId, 'review');
      await run.handle.signal('cancel');
    },
  },
  {
    name: 'incident-then-retry',
    fixture: 'incident.bpmn',
    process: 'incident',
    drive: async (h, run) => {
      const s = await waitState(run, (v) => v.incidents.length > 0, h);
      await run.handle.executeUpdate(RETRY_INCIDENT_UPDATE, { args: [{ incidentId: s.incidents[0].id, variables: { fixed: true } }] });
    },
  },
  {
    name: 'message-correlation',
    fixture: 'supplement-message.bpmn',
    process: 'supplement',
    variables: { dossierCode: 'HS-001' },
    drive: async (h, run) => {
      await waitState(run, (v) => v.activeElements.waitSupplement === 1, h);
      await run.handle.signal('deliverMessage', { name: 'supplement', correlationKey: 'HS-001', variables: { pages: 3 } });
    },
  },
  // cheap steps: local service tasks in parallel (the slow one first), a due date, a timer, a step forced durable
  { name: 'local-steps-parallel', fixture: 'local-steps.bpmn', process: 'localSteps', drive: (h, run) => completeOpenTask(h, run, 'review', { ok: true }) },
  { name: 'timer-intermediate', fixture: 'short-timer.bpmn', process: 'shortTimer' },
  // a working-time due date and a working-time boundary timer (computeDue activities before tthc-workflow-calendar; computed in the workflow after it)
  { name: 'working-deadline-completed', fixture: 'working-deadline.bpmn', process: 'workingDeadline', drive: (h, run) => completeOpenTask(h, run, 'review', {}) },
  { name: 'call-activity-child', fixture: 'call-child.bpmn', process: 'parentProc' },
  {
    name: 'child-escalation-interrupts-call',
    fixture: 'child-escalation.bpmn',
    process: 'escalatingParent',
    drive: (h, run) => completeOpenTask(h, run, 'notify', {}),
  },
  {
    // tthc-poison-incidents: a start at an unknown start event is an incident; retried (fails again), then cancelled
    name: 'poison-start-retry-cancel',
    fixture: 'poison.bpmn',
    process: 'poison',
    variables: { n: 1, chunk: 'ok' },
    startEventId: 'no-such-start',
    drive: async (h, run) => {
      const s = await waitState(run, (v) => v.incidents.length > 0, h);
      await run.handle.executeUpdate(RETRY_INCIDENT_UPDATE, { args: [{ incidentId: s.incidents[0].id }] });
      await run.handle.signal(CANCEL_SIGNAL);
    },
  },
  {
    // tthc-poison-incidents: a FEEL expression over the work budget is an incident; retried with smaller data it goes on
    name: 'poison-feel-budget-retry',
    fixture: 'poison.bpmn',
    process: 'poison',
    variables: { n: 10_000_000, chunk: 1 },
    drive: async (h, run) => {
      const s = await waitState(run, (v) => v.incidents.length > 0, h);
      await run.handle.executeUpdate(RETRY_INCIDENT_UPDATE, { args: [{ incidentId: s.incidents[0].id, variables: { n: 2 } }] });
      await completeOpenTask(h, run, 'review', {});
    },
  },
  {
    // tthc-instance-migration + tthc-instance-modification: waiting at `review` of v1, migrated to v2 (a step added
    // before it, it renamed `appraise`) — a two-run chain —, then moved past it to the service task by an operator
    name: 'instance-migration-modification',
    fixture: 'approval.bpmn',
    process: 'approval',
    drive: async (h, run) => {
      await h.openTask(run.instanceId, 'review');
      const v2 = (await h.deploy(fixture('approval-v2.bpmn'))).approval;
      const migrate: MigrateInstanceArgs = { definitionId: v2.definitionId, definitionHash: v2.hash, processKey: v2.key, version: v2.version, graph: v2.graph, mapping: { review: 'appraise' }, by: 'analyst' };
      await run.handle.executeUpdate(MIGRATE_INSTANCE_UPDATE, { args: [migrate] });
      await waitState(run, (v) => v.activeElements.appraise === 1, h);
      const modify: ModifyInstanceArgs = { instructions: [{ kind: 'move', from: 'appraise', to: 'issue', variables: { approved: true } }], reason: 'đã thẩm định trên giấy', by: 'analyst' };
      await run.handle.executeUpdate(MODIFY_INSTANCE_UPDATE, { args: [modify] });
    },
  },
  {
    // tthc-migration-holds-events: waiting for a message on v1, migrated to v2 (its next step renamed) — a two-run
    // chain —, then the message reaches the v2 run and its renamed task is completed
    name: 'instance-migration-message',
    fixture: 'migrate-message.bpmn',
    process: 'migrateMessage',
    drive: async (h, run) => {
      await waitState(run, (v) => v.activeElements.waitPaper === 1, h);
      const v2 = (await h.deploy(fixture('migrate-message-v2.bpmn'))).migrateMessage;
      const migrate: MigrateInstanceArgs = { definitionId: v2.definitionId, definitionHash: v2.hash, processKey: v2.key, version: v2.version, graph: v2.graph, mapping: {}, by: 'analyst' };
      await run.handle.executeUpdate(MIGRATE_INSTANCE_UPDATE, { args: [migrate] });
      await run.handle.signal('deliverMessage', { name: 'giay-to', variables: { pages: 2 }, messageId: 'giay-to-1' });
      await completeOpenTask(h, run, 'appraise', {});
    },
  },
  {
    // the migrateBatch workflow (recorded as `migrate-batch-batch`): this instance, waiting at `review` of v1, and an
    // unknown one — the instance goes to v2 (`review` renamed `appraise`) and ends there, the unknown one is refused
    name: 'migrate-batch',
    fixture: 'approval.bpmn',
    process: 'approval',
    drive: async (h, run) => {
      await h.openTask(run.instanceId, 'review');
      const v2 = (await h.deploy(fixture('approval-v2.bpmn'))).approval;
      const target = { processKey: v2.key, definitionId: v2.definitionId, version: v2.version, mapping: { review: 'appraise' }, by: 'analyst', agency: null };
      const unknown = '00000000-0000-4000-8000-000000000000';
      const batch = await h.client.workflow.start(MIGRATE_BATCH_WORKFLOW, { taskQueue: h.taskQueue, workflowId: migrationBatchWorkflowId('recorded'), args: [{ batchId: 'recorded', target, instanceIds: [run.instanceId, unknown] }] });
      await batch.result();
      await completeOpenTask(h, run, 'appraise', { approved: true });
      return { batch: { instanceId: 'recorded', handle: batch, result: () => batch.result() } as unknown as Started };
    },
  },
  {
    // tthc-throw-starts: the waiting catch of this instance receives the message another process throws; the
    // thrower (recorded as `thrown-events-thrower`) also starts a process at its message start and one at its signal start
    name: 'thrown-events',
    fixture: 'thrown-events.bpmn',
    process: 'replayOrderWaiter',
    variables: { orderId: 'DH-R1' },
    drive: async (h, run) => {
      await waitState(run, (v) => v.activeElements.w_waitOrder === 1, h);
      const thrower = await h.start((await h.deploy(fixture('thrown-events.bpmn'))).replayOrderSender, { orderId: 'DH-R1' });
      await thrower.result();
      return { thrower };
    },
  },
  {
    name: 'loop-continue-as-new',
    fixture: 'review-loop.bpmn',
    process: 'reviewLoop',
    historyLimit: 15,
    drive: async (h, run) => {
      for (let round = 0; round < 3; round++) await completeOpenTask(h, run, 'review', { done: round === 2 });
    },
  },
];

/** the engine's conformance fixtures: every BPMN construct the engine supports */
export const ENGINE_FIXTURES_DIR = join(__dirname, '..', '..', '..', '..', 'libs', 'engine', 'src', '__tests__', 'fixtures');

/**
 * Drives an engine fixture like the conformance test: completes each user task as it
 * appears; once the instance waits for something else (message, signal, long timer) and
 * nothing changed for a second, cancels it — so the history ends either way.
 */
async function autoDrive(h: ProcessHarness, run: Started): Promise<void> {
  let ended = false;
  void run.result().then(
    () => (ended = true),
    () => (ended = true),
  );
  let quietSince = Date.now();
  let last = '';
  while (!ended) {
    const open = await h.ds.getRepository(TaskEntity).find({ where: { instanceId: run.instanceId, state: 'OPEN' }, order: { createdAt: 'ASC' } });
    for (const t of open) {
      await run.handle.executeUpdate(COMPLETE_TASK_UPDATE, { args: [{ taskId: t.id, variables: {}, by: 'recorder' }] }).catch(() => undefined);
    }
    const state = ended ? '' : JSON.stringify(await run.handle.query<ProcessStateView>(GET_STATE_QUERY).catch(() => ({})));
    if (open.length > 0 || state !== last) quietSince = Date.now();
    last = state;
    if (!ended && Date.now() - quietSince > 1000) {
      await run.handle.signal(CANCEL_SIGNAL);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function engineFixtureScenarios(): HistoryScenario[] {
  return readdirSync(ENGINE_FIXTURES_DIR)
    .filter((f) => f.endsWith('.bpmn'))
    .sort()
    .map((f) => ({ name: `engine-${f.replace(/\.bpmn$/, '')}`, fixture: join(ENGINE_FIXTURES_DIR, f), process: '', drive: autoDrive }));
}

/**
 * A completion's hand-off on the real stack (Temporal dev server, the real worker, SQLite or — with
 * DATABASE_URL — PostgreSQL), runs after `tthc-one-write-handoff`: the step guard is a local activity,
 * then ONE local activity writes the completed task's close and audit entries, the next task's row,
 * the element history and the projection in one transaction. While the database refuses that write,
 * nothing of it is visible (the officer still sees the task to complete, no next task, no history
 * record, no audit entry) and the update has not answered; once the refusal is lifted the retry
 * answers and writes each row once — also when the worker is restarted in the middle (asked to stop
 * while the hand-off retries: Core lets a running local activity finish before the worker stops).
 */
import { DossierStepGuardEntity, ElementHistoryEntity, AuditEntryEntity, TaskEntity, withInsertRefused } from '@tthc/persistence';
import { historyToJSON } from '@tthc/contracts/src/history-json';
import type { Deployed, ProcessHarness } from '../testing/process-harness';
import { countRefusals } from '../testing/refusal-count';
import { completeTask, dossierRow, fileDossier, OFFICER, openDossierWorld, type DossierWorld, type RunningDossier } from '../testing/dossier-world';

jest.setTimeout(180_000);

let world: DossierWorld;
let h: ProcessHarness;
let def: Deployed;
/** statements the database refused so far (withInsertRefused) */
let refused: () => number;

beforeAll(async () => {
  world = await openDossierWorld('dossier-handoff', { port: 17293 });
  ({ h, def } = world);
  refused = countRefusals(h.ds);
}, 300_000);

afterAll(async () => {
  await world?.close();
});

/** what an officer and an auditor see of the dossier's run */
async function seen(d: RunningDossier) {
  const tasks = await h.ds.getRepository(TaskEntity).find({ where: { instanceId: d.instanceId }, order: { createdAt: 'ASC' } });
  const history = await h.ds.getRepository(ElementHistoryEntity).find({ where: { instanceId: d.instanceId } });
  const audit = await h.ds.getRepository(AuditEntryEntity).findBy({ action: 'task.complete', entity: 'process-instance', entityId: d.instanceId });
  return {
    tasks: tasks.map((t) => [t.elementId, t.state]),
    records: history.map((e) => [e.elementId, e.state]).sort(),
    completions: audit.length,
  };
}

describe.each([
  ['', false],
  [' and the worker restarts in the middle', true],
])('a receipt whose hand-off the database refuses for a while%s', (_title, restart) => {
  it('shows nothing of the hand-off until it is written, then every row once; the next task is open', async () => {
    const d = await fileDossier(h, def);
    const receive = await h.openTask(d.instanceId, 'Task_TiepNhan');
    await h.elementRecord(d.instanceId, 'Task_TiepNhan');
    const before = await seen(d);
    expect(before).toEqual({ tasks: [['Task_TiepNhan', 'OPEN']], records: expect.arrayContaining([['Task_TiepNhan', 'ACTIVE']]), completions: 0 });

    const refusedBefore = refused();
    let answered = false;
    const { pending, restarting } = await withInsertRefused(h.db, 'tasks', `NEW.instance_id = '${d.instanceId}'`, async () => {
      const pending = completeTask(h, d, { taskId: receive.id, by: OFFICER, variables: {} }).finally(() => (answered = true));
      // the guard committed (its own transaction: code, due date, receipt), then the hand-off was refused
      await h.waitFor('the guard record', () => h.ds.getRepository(DossierStepGuardEntity).findOneBy({ taskId: receive.id }));
      await h.waitFor('a refused hand-off', async () => refused() > refusedBefore);
      expect(await seen(d)).toEqual(before);
      expect(answered).toBe(false);
      // the worker is asked to stop while its hand-off retries; the refusal is lifted as it stops (a graceful
      // shutdown waits for a running local activity), and a new worker takes the run over
      return { pending, restarting: restart ? h.restartWorker() : undefined };
    });
    await restarting;
    const completion = await pending;
    expect(completion).toEqual({ taskId: receive.id, completed: true });
    // the update answered once the hand-off was written: the next task is open at once, with its history record
    const after = await seen(d);
    expect(after.tasks).toEqual([
      ['Task_TiepNhan', 'COMPLETED'],
      ['Task_SoHoa', 'OPEN'],
    ]);
    expect(after.records).toEqual(expect.arrayContaining([['Task_TiepNhan', 'COMPLETED'], ['Task_SoHoa', 'ACTIVE']]));
    expect(after.records.filter(([id]) => id === 'Task_SoHoa')).toHaveLength(1);
    expect(after.completions).toBe(1);
    expect((await dossierRow(h, d.dossierId)).status).toBe(2);
    expect(await h.ds.getRepository(DossierStepGuardEntity).countBy({ taskId: receive.id })).toBe(1);
  });
});

it('completes a step without an activity task: the guard and the hand-off are the two local activities of the update', async () => {
  const d = await fileDossier(h, def);
  const receive = await h.openTask(d.instanceId, 'Task_TiepNhan');
  await completeTask(h, d, { taskId: receive.id, by: OFFICER, variables: {} });
  const { events } = JSON.parse(historyToJSON(await h.client.workflow.getHandle(d.workflowId).fetchHistory())) as {
    events: Array<{ eventType?: string; activityTaskScheduledEventAttributes?: { activityType?: { name?: string } }; markerRecordedEventAttributes?: { markerName?: string } }>;
  };
  // no inbox or guard activity in the whole run (the first task's row went with the start's progress write)
  const scheduled = events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
  expect(scheduled.filter((type) => ['createUserTask', 'closeUserTask', 'guardStep'].includes(type))).toEqual([]);
  const accepted = events.findIndex((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
  const answered = events.findIndex((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED');
  expect(accepted).toBeGreaterThan(0);
  expect(answered).toBeGreaterThan(accepted);
  expect(events.slice(accepted, answered).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toHaveLength(2);
});

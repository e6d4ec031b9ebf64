/**
 * The apology timer armed by the ENGINE (patch `tthc-dossier-apology-timer`) FIRING, on
 * Temporal's time-skipping test server with the real worker, database and PDFs (arming, stopping
 * and cancelling on the dev server: dossier-steps.spec.ts). The chứng thực BPMN draws its
 * own boundary timer only around the processing subprocess (after digitise): a dossier that is
 * received and then left alone is flagged by the engine's timer alone. The instants with literal
 * dates (weekends, 30/4–1/5) are in the activity spec; here: the run arms, re-arms, cancels and
 * fires the timer at the instant the activity computed.
 */
import { Worker } from '@temporalio/worker';
import { DELIVER_MESSAGE_SIGNAL, RESUBMISSION_MESSAGE } from '@tthc/contracts';
import { DossierEventEntity, type DossierEntity } from '@tthc/persistence';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dossierStepDeps } from '../activities/dossier-steps';
import { apologyTimerOf } from '../activities/dossier-steps/apology-timer';
import { completeTask, dossierRow, fileDossier, OFFICER, openDossierWorld, type DossierWorld, type RunningDossier } from '../testing/dossier-world';
import type { Deployed, ProcessHarness } from '../testing/process-harness';
import { bundleWorkflows } from '../worker/bundle-workflows';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

jest.setTimeout(480_000);

let world: DossierWorld;
let h: ProcessHarness;
let def: Deployed;

beforeAll(async () => {
  world = await openDossierWorld('apology-timer', { timeSkipping: true });
  ({ h, def } = world);
}, 300_000);

afterAll(async () => {
  await world?.close();
});

const apologyEvents = (dossierId: string) => h.ds.getRepository(DossierEventEntity).find({ where: { dossierId, kind: 'apology.due' }, order: { seq: 'ASC' } });

async function step(d: RunningDossier, elementId: string, variables: Record<string, unknown> = {}): Promise<void> {
  const task = await h.openTask(d.instanceId, elementId, 180_000);
  expect(await completeTask(h, d, { taskId: task.id, by: OFFICER, variables })).toEqual({ taskId: task.id, completed: true });
}

/** the reminder the activities computed for the dossier as it is now (database calendar) */
async function expectedTimer(row: DossierEntity) {
  const timer = apologyTimerOf(row, await dossierStepDeps(h.ds).calendar());
  expect(timer).toBeDefined();
  return timer!;
}

/**
 * The timer fires at the instant or a workflow task's latency later, never before; that latency
 * is wall time on a busy machine (and the test server may skip time meanwhile), so the bound is
 * generous — ten minutes of workflow time — while a wrong instant is off by hours (the lead is 4
 * or 8 working hours; a missed lunch break alone is 90 minutes).
 */
function expectFiredAt(at: Date, remindAt: string): void {
  expect(at.getTime()).toBeGreaterThanOrEqual(new Date(remindAt).getTime());
  expect(at.getTime() - new Date(remindAt).getTime()).toBeLessThan(10 * 60_000);
}

/** waits (on behaviour, generously: the machine may be loaded) for the dossier's apology.due events */
const apologyDue = (dossierId: string) =>
  h.waitFor(
    'apology due',
    async () => {
      const events = await apologyEvents(dossierId);
      return events.length > 0 && events;
    },
    180_000,
  );

async function replays(d: RunningDossier): Promise<void> {
  const history = await h.client.workflow.getHandle(d.workflowId).fetchHistory();
  await expect(Worker.runReplayHistory({ workflowBundle: await bundleWorkflows(), replayName: 'apology-timer-replay', dataConverter: TTHC_DATA_CONVERTER }, history, d.workflowId)).resolves.toBeUndefined();
}

it('flags a received dossier that is not finished at due − 1 working day (half of a one-day procedure), though the BPMN draws no timer there', async () => {
  const d = await fileDossier(h, def);
  await step(d, 'Task_TiepNhan', { ketQuaKiemTra: 'hop-le' });
  const received = await dossierRow(h, d.dossierId);
  expect(received.status).toBe(2);
  const timer = await expectedTimer(received);
  expect(timer.dueAt).toBe(received.dueAt!.toISOString());
  expect(await apologyEvents(d.dossierId)).toHaveLength(0);
  // the digitise task waits; nobody acts for days of workflow time
  await h.env!.sleep('10 days');
  const [due] = await apologyDue(d.dossierId);
  expect(due.actor).toBe('system');
  expect(due.payload).toEqual({ dueAt: timer.dueAt, remindAt: timer.remindAt, apologyAllowed: true, apologyCount: 0, status: 2 });
  expectFiredAt(due.at, timer.remindAt);
  const flagged = await dossierRow(h, d.dossierId);
  expect(flagged.apologyRequiredAt!.getTime()).toBe(due.at.getTime());
  // fired once: more time changes nothing
  await h.env!.sleep('10 days');
  expect(await apologyEvents(d.dossierId)).toHaveLength(1);
  await replays(d);
});

it('stops while the clock is paused and fires for the due date the resubmission moved', async () => {
  const d = await fileDossier(h, def);
  await step(d, 'Task_TiepNhan', { ketQuaKiemTra: 'bo-sung' });
  const received = await dossierRow(h, d.dossierId);
  await step(d, 'Task_BoSung', { reason: 'Bản sao bị mờ', missingItems: ['Bản sao rõ nét'] });
  expect((await dossierRow(h, d.dossierId)).status).toBe(5);
  // paused for days: the timer armed at receipt was cancelled, nothing is flagged
  await h.env!.sleep('10 days');
  expect(await apologyEvents(d.dossierId)).toHaveLength(0);

  const handle = h.client.workflow.getHandle(d.workflowId);
  // the citizen's resubmission resumes it: due moved, timer re-armed for the new due date
  await handle.signal(DELIVER_MESSAGE_SIGNAL, { name: RESUBMISSION_MESSAGE, correlationKey: received.code! });
  const resumed = await h.waitFor(
    'clock resumed',
    async () => {
      const r = await dossierRow(h, d.dossierId);
      return r.status === 2 && r.pausedAt === null && r;
    },
    180_000,
  );
  expect(resumed.dueAt!.getTime()).toBeGreaterThan(received.dueAt!.getTime());
  const timer = await expectedTimer(resumed);
  await h.env!.sleep('10 days');
  const [due] = await apologyDue(d.dossierId);
  expect(due.payload).toMatchObject({ dueAt: resumed.dueAt!.toISOString(), remindAt: timer.remindAt, apologyAllowed: true });
  expectFiredAt(due.at, timer.remindAt);
  await replays(d);
});

it('after the one apology the re-armed timer records the risk only: no second apology is asked for', async () => {
  const twoApologies = (await h.deploy(readFileSync(join(__dirname, 'fixtures/two-apologies.bpmn'), 'utf8')))['two-apologies'];
  const d = await fileDossier(h, twoApologies);
  await step(d, 'Task_TiepNhan');
  const received = await dossierRow(h, d.dossierId);
  const newDueAt = new Date(received.dueAt!.getTime() + 3 * 86_400_000).toISOString();
  await step(d, 'Task_XinLoi1', { reason: 'Chờ xác minh bản chính', newDueAt });
  const apologised = await dossierRow(h, d.dossierId);
  expect(apologised.apologyCount).toBe(1);
  const timer = await expectedTimer(apologised);
  expect(timer.dueAt).toBe(newDueAt);
  await h.env!.sleep('20 days');
  const [due] = await apologyDue(d.dossierId);
  // the timer armed at receipt was replaced before it fired: one event, for the new date
  expect(due.payload).toEqual({ dueAt: newDueAt, remindAt: timer.remindAt, apologyAllowed: false, apologyCount: 1, status: 2 });
  expectFiredAt(due.at, timer.remindAt);
  expect((await dossierRow(h, d.dossierId)).apologyRequiredAt).toBeNull();
  await replays(d);
});

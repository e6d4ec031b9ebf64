/**
 * Issue 16: an event arriving between a migration's answer and its continue-as-new (real dev server,
 * the product's workflow code; a test interceptor only keeps that window open until the event is in
 * it — migration-window/answer-waits-for-signal.ts). The message is held and reaches the migrated run
 * (v2), so neither the migration nor the message is lost; updates that would change the old version
 * meanwhile are refused with MIGRATION_PENDING (retry in a moment).
 */
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { CANCEL_SIGNAL, COMPLETE_TASK_UPDATE, DELIVER_MESSAGE_SIGNAL, GET_STATE_QUERY, MIGRATE_INSTANCE_UPDATE, MIGRATION_PENDING, MODIFY_INSTANCE_UPDATE, type MigrateInstanceArgs, type MigrateInstanceResult, type ProcessStateView } from '@tthc/contracts';
import { getInstance } from '@tthc/persistence';
import { bundleWorkflows, WORKFLOWS_PATH } from '../worker/bundle-workflows';
import { fixture } from '../testing/fixtures';
import { ProcessHarness, type Started } from '../testing/process-harness';

jest.setTimeout(300_000);

let h: ProcessHarness;

beforeAll(async () => {
  const workflowBundle = await bundleWorkflows(WORKFLOWS_PATH, [require.resolve('./migration-window/answer-waits-for-signal')]);
  h = await ProcessHarness.create({ workerOptions: { workflowBundle } });
});
afterAll(() => h?.close());

const waitState = (run: Started, ok: (s: ProcessStateView) => boolean) =>
  h.waitFor('state', async () => {
    const s = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
    return ok(s) && s;
  });

/** A v1 run waiting for the citizen's paper, migrated to v2: the update is accepted, its continue-as-new held open. */
async function openMigrationWindow() {
  const v1 = (await h.deploy(fixture('migrate-message.bpmn'))).migrateMessage;
  const run = await h.start(v1);
  await waitState(run, (v) => v.activeElements.waitPaper === 1);
  const v2 = (await h.deploy(fixture('migrate-message-v2.bpmn'))).migrateMessage;
  const migrate: MigrateInstanceArgs = { definitionId: v2.definitionId, definitionHash: v2.hash, processKey: v2.key, version: v2.version, graph: v2.graph, mapping: {}, by: 'analyst' };
  const migration = await run.handle.startUpdate<MigrateInstanceResult, [MigrateInstanceArgs]>(MIGRATE_INSTANCE_UPDATE, { args: [migrate], waitForStage: WorkflowUpdateStage.ACCEPTED });
  return { run, v2, migrate, migration };
}

/** the update's refusal type (the workflow's ApplicationFailure) */
const refusalType = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (err: unknown) => (err instanceof WorkflowUpdateFailedError ? (err.cause as { type?: string } | undefined)?.type : String(err)),
  );

it('a message in the window between the migration answer and the continue-as-new reaches v2; updates meanwhile are refused MIGRATION_PENDING', async () => {
  const { run, migrate, migration } = await openMigrationWindow();
  // the migration is answered, its continue-as-new not done: changes to v1 are refused, to be retried
  expect(await refusalType(run.handle.executeUpdate(MODIFY_INSTANCE_UPDATE, { args: [{ instructions: [{ kind: 'cancel', elementId: 'waitPaper' }], reason: 'thử', by: 'analyst' }] }))).toBe(MIGRATION_PENDING);
  expect(await refusalType(run.handle.executeUpdate(MIGRATE_INSTANCE_UPDATE, { args: [migrate] }))).toBe(MIGRATION_PENDING);
  // the citizen's paper arrives in the window (on v1 it would move the token to `review`, which v2 lacks)
  await run.handle.signal(DELIVER_MESSAGE_SIGNAL, { name: 'giay-to', variables: { pages: 2 }, messageId: 'giay-to-1' });
  expect(await migration.result()).toMatchObject({ fromVersion: 1, toVersion: 2 });

  // the migrated run received the held message: the token is at v2's renamed step, the variables came with it
  const state = await waitState(run, (v) => v.activeElements.appraise === 1);
  expect(state.activeElements.review).toBeUndefined();
  expect(state.variables).toMatchObject({ pages: 2 });
  const task = await h.openTask(run.instanceId, 'appraise');
  expect(await h.waitFor('instance on v2', async () => (await getInstance(h.ds, run.instanceId))?.version === 2)).toBe(true);

  // and it goes on to its end on v2
  await run.handle.executeUpdate(COMPLETE_TASK_UPDATE, { args: [{ taskId: task.id, variables: {}, by: 'officer1' }] });
  expect(await h.client.workflow.getHandle(run.handle.workflowId).result()).toMatchObject({ state: 'COMPLETED' });
});

it('a cancel in that window is carried too: the migrated run (v2) receives it first and ends CANCELED', async () => {
  const { run, v2, migration } = await openMigrationWindow();
  await run.handle.signal(CANCEL_SIGNAL);
  expect(await migration.result()).toMatchObject({ toVersion: v2.version });
  expect(await h.client.workflow.getHandle(run.handle.workflowId).result()).toMatchObject({ state: 'CANCELED' });
  // the run that ended is the migrated one: the projection shows the target version, cancelled
  expect(await h.waitFor('instance cancelled on v2', async () => {
    const inst = await getInstance(h.ds, run.instanceId);
    return inst?.state === 'CANCELED' && inst.version === v2.version && inst;
  })).toBeTruthy();
});

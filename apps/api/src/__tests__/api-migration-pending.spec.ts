/**
 * Issue 16 over HTTP: while an instance's migration is answered and its continue-as-new not done,
 * what would change the old version is refused 409 MIGRATION_PENDING (retry in a moment) — a task
 * completion (the task stays open, nothing recorded), a modification, a second migration — and a
 * message arriving meanwhile is held for the migrated run. Real API, real Temporal dev server, the
 * real worker; its workflow bundle only adds the test interceptor that keeps the window open until
 * the next signal (apps/worker/src/__tests__/migration-window/answer-waits-for-signal.ts). A BPMN
 * signal broadcast meanwhile is held the same way.
 */
import { testDatabaseKinds } from '@tthc/persistence';
// the worker's bundler and a test interceptor of its own specs (test wiring only, as in temporal-stack.ts)
// eslint-disable-next-line @nx/enforce-module-boundaries
import { bundleWorkflows, WORKFLOWS_PATH } from '../../../worker/src';
import { expectErrorBody, type Harness } from './support/api-harness';
import { startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from './support/temporal-stack';

jest.setTimeout(600_000);

const server = useTemporalDevServer(0, { tmpPrefix: 'tthc-api-migration-pending-', startTimeoutMs: 120_000 });

type Held = 'message' | 'signal';
/** a review step and, in parallel, a wait for a BPMN message or signal named `event`; v2 renames the review */
const PROCESS = (key: string, held: Held, event: string, reviewName: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="Defs_${key}" targetNamespace="https://tthc.dev/test">
  <bpmn:${held} id="Event_Held" name="${event}"/>
  <bpmn:process id="${key}" name="Quy trình ${key}" isExecutable="true" tthc:agency="STP">
    <bpmn:startEvent id="Start"/>
    <bpmn:parallelGateway id="Fork"/>
    <bpmn:userTask id="Review" name="${reviewName}" tthc:candidateGroups="MOTCUA" tthc:due="P2D"/>
    <bpmn:intermediateCatchEvent id="WaitEvent" name="Chờ sự kiện"><bpmn:${held}EventDefinition ${held}Ref="Event_Held"/></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="EndReview"/>
    <bpmn:endEvent id="EndEvent"/>
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Fork"/>
    <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Review"/>
    <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="WaitEvent"/>
    <bpmn:sequenceFlow id="f4" sourceRef="Review" targetRef="EndReview"/>
    <bpmn:sequenceFlow id="f5" sourceRef="WaitEvent" targetRef="EndEvent"/>
  </bpmn:process>
</bpmn:definitions>`;

interface Task {
  id: string;
  elementId: string;
  name: string;
  state: string;
  version: number;
}

describe.each(testDatabaseKinds())('a migration in progress over HTTP on %s', (kind) => {
  let stack: ApiWithWorker;
  let h: Harness;
  let officer: string;
  let analyst: string;

  beforeAll(async () => {
    const workflowBundle = await bundleWorkflows(WORKFLOWS_PATH, [require.resolve('../../../worker/src/__tests__/migration-window/answer-waits-for-signal')]);
    stack = await startApiWithWorker(kind, server.address, `api-migration-pending-${kind}`, {}, { workerOptions: { workflowBundle } });
    h = stack.h;
    [officer, analyst] = await Promise.all([h.login('officer'), h.login('analyst')]);
  });
  afterAll(() => stack?.close());

  const api = (method: string, path: string, token: string, json?: unknown) => h.call(method, `/api/v1${path}`, { token, ...(json === undefined ? {} : { json }) });
  const openTask = (id: string) =>
    until(`the open review task of ${id}`, async () => ((await api('GET', `/tasks?instanceId=${id}`, officer)).body.items as Task[] | undefined)?.find((t) => t.elementId === 'Review' && t.state === 'OPEN'));

  /** an instance at its review (claimed), waiting for the event, with v2 deployed */
  async function instanceWithV2(held: Held) {
    const key = `mig-pending-${held}-${kind}`;
    const event = `su-kien-${held}-${kind}`;
    const deploy = async (name: string) => expect((await h.call('POST', '/api/v1/deployments', { token: analyst, body: PROCESS(key, held, event, name), type: 'application/xml' })).status).toBe(201);
    await deploy('Thẩm định');
    const started = await api('POST', '/process-instances', officer, { processKey: key, businessKey: `HS-${key}` });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    const task = await openTask(id);
    expect((await api('POST', `/tasks/${task.id}/claim`, officer)).status).toBe(200);
    await deploy('Thẩm định (bản 2)');
    return { id, task, event };
  }

  /** the migration is answered inside the workflow; its HTTP answer waits for the continue-as-new (the window the interceptor keeps open) */
  async function migrateAndWaitPending(id: string) {
    const migrating = api('POST', `/process-instances/${id}/migration`, analyst, { targetVersion: 2, mapping: {} });
    // before the migration is accepted a retry of an unknown incident is 404; once it is pending, 409
    const pending = await until('the migration to be pending', async () => {
      const res = await api('POST', `/process-instances/${id}/incidents/khong-co/retry`, officer, {});
      return res.status === 409 && res;
    });
    expectErrorBody(pending, 409, 'MIGRATION_PENDING');
    // wrapped: an async function returning the promise itself would wait for the answer
    return { migrating };
  }

  /** after the migration: the review is on v2; completing it ends the instance only if the held event reached v2 */
  async function endsOnV2(id: string, taskId: string) {
    expect((await api('GET', `/tasks/${taskId}`, officer)).body).toMatchObject({ state: 'OPEN', version: 2, name: 'Thẩm định (bản 2)' });
    expect((await api('POST', `/tasks/${taskId}/complete`, officer, { variables: { ketQua: 'đạt' } })).status).toBe(200);
    const done = await until(`instance ${id} to complete`, async () => {
      const inst = (await api('GET', `/process-instances/${id}`, officer)).body;
      return inst.state === 'COMPLETED' && inst;
    });
    expect(done).toMatchObject({ version: 2 });
  }

  it('refuses a completion, a modification and a second migration with 409 MIGRATION_PENDING; the task stays open, the held message reaches v2', async () => {
    const { id, task, event } = await instanceWithV2('message');
    const { migrating } = await migrateAndWaitPending(id);

    const completion = await api('POST', `/tasks/${task.id}/complete`, officer, { variables: { ketQua: 'đạt' } });
    expectErrorBody(completion, 409, 'MIGRATION_PENDING');
    expect(completion.body.error.details).toEqual({ retryable: true });
    expect((await api('GET', `/tasks/${task.id}`, officer)).body).toMatchObject({ state: 'OPEN', assignee: 'officer', version: 1 });
    expectErrorBody(await api('POST', `/process-instances/${id}/modification`, analyst, { instructions: [{ kind: 'cancel', elementId: 'WaitEvent' }], reason: 'thử' }), 409, 'MIGRATION_PENDING');
    expectErrorBody(await api('POST', `/process-instances/${id}/migration`, analyst, { targetVersion: 2, mapping: {} }), 409, 'MIGRATION_PENDING');

    // the applicant's paper arrives in the window: held, it reaches the migrated run (and its signal closes the window)
    const message = await api('POST', '/messages', officer, { name: event });
    expect(message.status).toBe(202);
    expect(message.body.offered).toBe(1);
    const migrated = await migrating;
    expect(migrated.status).toBe(200);
    expect(migrated.body).toMatchObject({ instanceId: id, fromVersion: 1, toVersion: 2 });
    // retried after the migration, the same completion goes through on v2
    await endsOnV2(id, task.id);
  });

  it('a BPMN signal broadcast in the window is held too and reaches the migrated run', async () => {
    const { id, task, event } = await instanceWithV2('signal');
    const { migrating } = await migrateAndWaitPending(id);
    const signal = await api('POST', '/signals', officer, { name: event });
    expect(signal.status).toBe(202);
    expect(signal.body.offered).toBe(1);
    expect((await migrating).body).toMatchObject({ instanceId: id, fromVersion: 1, toVersion: 2 });
    await endsOnV2(id, task.id);
  });
});

/**
 * Operating running instances end to end (issue 16 items 2–4): the real API, a real Temporal dev
 * server (a free port), the real worker and a real database. Migration to another version with an
 * element mapping (single and batch), token modification past a failing service task, the incident
 * list with counts and the batch retry with corrected variables.
 */
import { testDatabaseKinds } from '@tthc/persistence';
import { expectErrorBody, type Harness } from './support/api-harness';
import { startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from './support/temporal-stack';

jest.setTimeout(600_000);

const server = useTemporalDevServer(0, { tmpPrefix: 'tthc-api-operations-', startTimeoutMs: 120_000 });

const wrap = (key: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="Defs_${key}" targetNamespace="https://tthc.dev/test">
  <bpmn:process id="${key}" name="Quy trình ${key}" isExecutable="true" tthc:agency="STP">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;
const userTask = (id: string, name: string) => `<bpmn:userTask id="${id}" name="${name}" tthc:candidateGroups="MOTCUA" tthc:due="P2D"/>`;

/** v1: Start → Receive → Review "Thẩm định" → End */
const MIGRATE_V1 = (key: string) =>
  wrap(key, `<bpmn:startEvent id="Start"/>${userTask('Receive', 'Tiếp nhận')}${userTask('Review', 'Thẩm định')}<bpmn:endEvent id="End"/>${flow('f1', 'Start', 'Receive')}${flow('f2', 'Receive', 'Review')}${flow('f3', 'Review', 'End')}`);
/** v2: a step added before the review (Check), the review renamed (Appraise, "Thẩm định hồ sơ"), a signature step after it */
const MIGRATE_V2 = (key: string) =>
  wrap(
    key,
    `<bpmn:startEvent id="Start"/>${userTask('Receive', 'Tiếp nhận')}${userTask('Check', 'Kiểm tra thành phần')}${userTask('Appraise', 'Thẩm định hồ sơ')}${userTask('Sign', 'Ký duyệt')}<bpmn:endEvent id="End"/>` +
      `${flow('f1', 'Start', 'Receive')}${flow('g1', 'Receive', 'Check')}${flow('g2', 'Check', 'Appraise')}${flow('g3', 'Appraise', 'Sign')}${flow('g4', 'Sign', 'End')}`,
  );
/** a service task that fails until the variable `fixed` is set (the worker's `fail` handler), then a user task */
const STUCK = (key: string) =>
  wrap(
    key,
    `<bpmn:startEvent id="Start"/><bpmn:serviceTask id="Fetch" name="Lấy dữ liệu dân cư"><bpmn:extensionElements><zeebe:taskDefinition type="fail" retries="1"/>` +
      `<zeebe:taskHeaders><zeebe:header key="message" value="registry unavailable"/><zeebe:header key="unlessVariable" value="fixed"/></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>` +
      `${userTask('Review', 'Thẩm định')}<bpmn:endEvent id="End"/>${flow('f1', 'Start', 'Fetch')}${flow('f2', 'Fetch', 'Review')}${flow('f3', 'Review', 'End')}`,
  );

interface Task {
  id: string;
  elementId: string;
  name: string;
  version: number;
  createdAt: string;
  dueAt: string | null;
}

describe.each(testDatabaseKinds())('operating running instances on %s', (kind) => {
  let stack: ApiWithWorker;
  let h: Harness;
  let officer: string;
  let analyst: string;
  let admin: string;

  beforeAll(async () => {
    stack = await startApiWithWorker(kind, server.address, `api-operations-${kind}`);
    h = stack.h;
    [officer, analyst, admin] = await Promise.all([h.login('officer'), h.login('analyst'), h.login('admin')]);
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function deploy(xml: string, version: number) {
    const res = await h.call('POST', '/api/v1/deployments', { token: analyst, body: xml, type: 'application/xml' });
    expect(res.status).toBe(201);
    expect(res.body.processes[0]).toMatchObject({ version });
  }
  async function start(processKey: string, businessKey: string): Promise<string> {
    const res = await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey, businessKey, variables: { applicant: 'Nguyễn Văn A' } } });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  async function openTask(instanceId: string, elementId: string): Promise<Task> {
    return until(`the ${elementId} task of ${instanceId}`, async () => {
      const res = await h.call('GET', `/api/v1/tasks?instanceId=${instanceId}`, { token: officer });
      return (res.body.items as Array<Task & { state: string }> | undefined)?.find((t) => t.elementId === elementId && t.state === 'OPEN');
    });
  }
  async function complete(taskId: string) {
    const res = await h.call('POST', `/api/v1/tasks/${taskId}/complete`, { token: officer, json: { variables: {} } });
    expect(res.status).toBe(200);
  }
  async function instance(id: string) {
    return (await h.call('GET', `/api/v1/process-instances/${id}`, { token: officer })).body;
  }
  async function ended(id: string) {
    return until(`instance ${id} to complete`, async () => {
      const i = await instance(id);
      return i.state === 'COMPLETED' && i;
    });
  }

  it('migrates an instance waiting at a user task of v1 to v2 (a step added before it, it renamed): same task and dates, completes on v2, one history', async () => {
    const key = `mig-${kind}`;
    await deploy(MIGRATE_V1(key), 1);
    const id = await start(key, 'HS-MIG-1');
    await complete((await openTask(id, 'Receive')).id);
    const review = await openTask(id, 'Review');
    const before = await instance(id);
    expect(before).toMatchObject({ version: 1, activeElementIds: ['Review'] });
    await deploy(MIGRATE_V2(key), 2);

    // the active element has no counterpart of the same id in v2: refused with its id
    const refused = await h.call('POST', `/api/v1/process-instances/${id}/migration`, { token: analyst, json: { targetVersion: 2 } });
    expectErrorBody(refused, 422, 'MIGRATION_REFUSED');
    expect(refused.body.error.details.elementIds).toEqual(['Review']);
    expect(refused.body.error.details.problems[0]).toMatchObject({ elementId: 'Review', reason: 'unmapped' });
    // a target of another type, an unknown version, an officer: refused too, nothing moved
    expectErrorBody(await h.call('POST', `/api/v1/process-instances/${id}/migration`, { token: analyst, json: { targetVersion: 2, mapping: { Review: 'End' } } }), 422, 'MIGRATION_REFUSED');
    expectErrorBody(await h.call('POST', `/api/v1/process-instances/${id}/migration`, { token: analyst, json: { targetVersion: 9, mapping: {} } }), 404, 'TARGET_VERSION_NOT_FOUND');
    expectErrorBody(await h.call('POST', `/api/v1/process-instances/${id}/migration`, { token: officer, json: { targetVersion: 2, mapping: { Review: 'Appraise' } } }), 403, 'FORBIDDEN');
    expect(await instance(id)).toMatchObject({ version: 1, activeElementIds: ['Review'] });

    const migrated = await h.call('POST', `/api/v1/process-instances/${id}/migration`, { token: analyst, json: { targetVersion: 2, mapping: { Review: 'Appraise' } } });
    expect(migrated.status).toBe(200);
    expect(migrated.body).toEqual({ instanceId: id, fromVersion: 1, toVersion: 2, applied: { Review: 'Appraise' } });
    expectErrorBody(await h.call('POST', `/api/v1/process-instances/${id}/migration`, { token: analyst, json: { targetVersion: 2 } }), 409, 'ALREADY_ON_VERSION');

    // identity and dates kept: same instance, workflow, start date; the same inbox row (id, creation, due date) now on the renamed step
    const after = await instance(id);
    expect(after).toMatchObject({ id, version: 2, workflowId: before.workflowId, startedAt: before.startedAt, businessKey: 'HS-MIG-1', activeElementIds: ['Appraise'] });
    const task = await openTask(id, 'Appraise');
    expect(task).toMatchObject({ id: review.id, name: 'Thẩm định hồ sơ', version: 2, createdAt: review.createdAt, dueAt: review.dueAt });
    expect(review.dueAt).not.toBeNull();

    // it goes on along v2: the renamed step, then v2's signature step, then the end
    await complete(task.id);
    await complete((await openTask(id, 'Sign')).id);
    await ended(id);

    const history = (await h.call('GET', `/api/v1/process-instances/${id}/history`, { token: officer })).body;
    expect(history.elements.map((e: { elementId: string; state: string }) => `${e.elementId}:${e.state}`)).toEqual([
      `${key}:COMPLETED`,
      'Start:COMPLETED',
      'Receive:COMPLETED',
      'Appraise:COMPLETED',
      'Sign:COMPLETED',
      'End:COMPLETED',
    ]);
    expect(history.events.map((e: { action: string }) => e.action)).toEqual(['process-instance.start', 'task.complete', 'process-instance.migrate', 'task.complete', 'task.complete']);
    expect(history.events[2]).toMatchObject({ actor: 'analyst', details: { processKey: key, fromVersion: 1, toVersion: 2, mapping: { Review: 'Appraise' } } });
  });

  it('moves a stuck instance past its failing service task (incident) with a reason; it completes and the audit log names who and why', async () => {
    const key = `stuck-${kind}`;
    await deploy(STUCK(key), 1);
    const id = await start(key, 'HS-STUCK');
    const stuck = await until('the incident', async () => {
      const i = await instance(id);
      return i.incidents?.length > 0 && i;
    });
    expect(stuck.incidents[0]).toMatchObject({ elementId: 'Fetch', message: expect.stringContaining('registry unavailable') });

    const url = `/api/v1/process-instances/${id}/modification`;
    expectErrorBody(await h.call('POST', url, { token: analyst, json: { instructions: [{ kind: 'move', from: 'Fetch', to: 'Review' }] } }), 400, 'VALIDATION_FAILED');
    const toStart = await h.call('POST', url, { token: analyst, json: { reason: 'thử', instructions: [{ kind: 'move', from: 'Fetch', to: 'Start' }] } });
    expectErrorBody(toStart, 422, 'MODIFICATION_REFUSED');
    expect(toStart.body.error.details.elementIds).toEqual(['Start']);
    expectErrorBody(await h.call('POST', url, { token: officer, json: { reason: 'x', instructions: [{ kind: 'move', from: 'Fetch', to: 'Review' }] } }), 403, 'FORBIDDEN');

    const reason = 'CSDL dân cư không phản hồi; đã đối chiếu bản giấy';
    const moved = await h.call('POST', url, { token: analyst, json: { reason, instructions: [{ kind: 'move', from: 'Fetch', to: 'Review', variables: { checkedByHand: true } }] } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id, incidents: [], activeElementIds: ['Review'] });
    const task = await openTask(id, 'Review');
    await complete(task.id);
    const done = await ended(id);
    expect(done.variables).toMatchObject({ checkedByHand: true });

    const history = (await h.call('GET', `/api/v1/process-instances/${id}/history`, { token: officer })).body;
    expect(history.elements.find((e: { elementId: string }) => e.elementId === 'Fetch')).toMatchObject({ state: 'TERMINATED' });
    const entry = history.events.find((e: { action: string }) => e.action === 'process-instance.modify');
    expect(entry).toMatchObject({ actor: 'analyst', details: { reason, instructions: [{ kind: 'move', from: 'Fetch', to: 'Review' }] } });
  });

  it('lists incidents across instances with counts (agency scope) and retries them in a batch with corrected variables', async () => {
    const key = `inc-${kind}`;
    await deploy(STUCK(key), 1);
    const ids = await Promise.all(['HS-I1', 'HS-I2', 'HS-I3'].map((b) => start(key, b)));
    const listed = await until('three incidents in the list', async () => {
      const res = await h.call('GET', `/api/v1/incidents?processKey=${key}`, { token: officer });
      return res.body.total === 3 && res.body;
    });
    expect(listed.items.map((i: { instanceId: string }) => i.instanceId).sort()).toEqual([...ids].sort());
    expect(listed.items[0]).toMatchObject({ processKey: key, version: 1, agency: 'STP', elementId: 'Fetch', message: expect.stringContaining('registry unavailable') });
    expect(listed.counts.byProcess).toEqual([{ processKey: key, count: 3 }]);
    expect(listed.counts.byElement).toEqual([{ processKey: key, elementId: 'Fetch', count: 3 }]);
    expect((await h.call('GET', `/api/v1/incidents?processKey=${key}&elementId=Review`, { token: officer })).body.total).toBe(0);
    // another agency's officer does not see them
    const other = await h.login('officer2');
    expect((await h.call('GET', `/api/v1/incidents?processKey=${key}`, { token: other })).body).toMatchObject({ total: 0, items: [] });
    expectErrorBody(await h.call('POST', '/api/v1/incidents/retry', { token: officer, json: {} }), 400, 'VALIDATION_FAILED');

    const report = await h.call('POST', '/api/v1/incidents/retry', { token: admin, json: { processKey: key, variables: { fixed: true } } });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ total: 3, ok: 3, refused: 0 });
    for (const id of ids) await openTask(id, 'Review');
    expect((await h.call('GET', `/api/v1/incidents?processKey=${key}`, { token: officer })).body.total).toBe(0);
    // the same incidents again: each refused with its reason, none lost
    const again = await h.call('POST', '/api/v1/incidents/retry', { token: admin, json: { incidents: listed.items.map((i: { instanceId: string; incidentId: string }) => ({ instanceId: i.instanceId, incidentId: i.incidentId })) } });
    expect(again.body).toMatchObject({ total: 3, ok: 0, refused: 3 });
    expect(again.body.items[0]).toMatchObject({ ok: false, code: expect.any(String), message: expect.any(String) });
  });
});

// the batch of 100 runs once, on the database the suite runs against (PostgreSQL in CI)
describe(`a batch migration of 100 instances on ${testDatabaseKinds().at(-1)}`, () => {
  const kind = testDatabaseKinds().at(-1)!;
  let stack: ApiWithWorker;
  let h: Harness;

  beforeAll(async () => {
    stack = await startApiWithWorker(kind, server.address, `api-operations-batch-${kind}`);
    h = stack.h;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('migrates 100 instances with a per-instance report; one at an unmapped element is refused with the reason', async () => {
    const [officer, analyst, admin] = await Promise.all([h.login('officer'), h.login('analyst'), h.login('admin')]);
    const key = `batch-${kind}`;
    expect((await h.call('POST', '/api/v1/deployments', { token: analyst, body: MIGRATE_V1(key), type: 'application/xml' })).status).toBe(201);
    const ids: string[] = [];
    for (let chunk = 0; chunk < 100; chunk += 10) {
      const started = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const res = await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: key, businessKey: `HS-B${chunk + i}` } });
          expect(res.status).toBe(201);
          return res.body.id as string;
        }),
      );
      ids.push(...started);
    }
    await until('100 instances at Receive', async () => {
      const res = await h.call('GET', `/api/v1/tasks?processKey=${key}&limit=200`, { token: officer });
      return (res.body.items as unknown[]).length >= 100;
    }, 300_000);
    // one instance moves on to Review, which v2 does not have under that id
    const moved = ids[37];
    const receive = await until('its task', async () => (await h.call('GET', `/api/v1/tasks?instanceId=${moved}`, { token: officer })).body.items?.[0]);
    expect((await h.call('POST', `/api/v1/tasks/${receive.id}/complete`, { token: officer, json: {} })).status).toBe(200);
    expect((await h.call('POST', '/api/v1/deployments', { token: analyst, body: MIGRATE_V2(key), type: 'application/xml' })).status).toBe(201);

    // an analyst of another agency gets the answer of a version that does not exist: STP's process is not theirs to know
    expect((await h.call('POST', '/api/v1/users', { token: admin, json: { username: 'analyst-sxd', fullName: 'Phân tích SXD', password: 'Sxd@12345', roles: ['analyst'], agency: 'SXD', units: [] } })).status).toBe(201);
    const sxd = await h.login('analyst-sxd', 'Sxd@12345');
    const foreign = await h.call('POST', '/api/v1/process-instances/migrations', { token: sxd, json: { processKey: key, fromVersion: 1, targetVersion: 2 } });
    const unknown = await h.call('POST', '/api/v1/process-instances/migrations', { token: sxd, json: { processKey: key, fromVersion: 1, targetVersion: 7 } });
    expect(foreign).toMatchObject({ status: 404, body: { error: { code: 'TARGET_VERSION_NOT_FOUND', message: `process ${key} has no version 2` } } });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'TARGET_VERSION_NOT_FOUND', message: `process ${key} has no version 7` } } });

    const report = await h.call('POST', '/api/v1/process-instances/migrations', { token: analyst, json: { processKey: key, fromVersion: 1, targetVersion: 2 } });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ total: 100, ok: 99, refused: 1 });
    expect(report.body.items.filter((i: { ok: boolean }) => !i.ok)).toEqual([
      expect.objectContaining({ instanceId: moved, code: 'MIGRATION_REFUSED', details: expect.objectContaining({ elementIds: ['Review'] }) }),
    ]);
    const list = await h.call('GET', `/api/v1/process-instances?processKey=${key}&limit=200`, { token: officer });
    const versions = (list.body.items as Array<{ id: string; version: number }>).reduce<Record<number, number>>((acc, i) => ({ ...acc, [i.version]: (acc[i.version] ?? 0) + 1 }), {});
    expect(versions).toEqual({ 1: 1, 2: 99 });
    // a migrated instance goes on along v2 (Receive → Check)
    const first = ids.find((id) => id !== moved)!;
    const task = (await h.call('GET', `/api/v1/tasks?instanceId=${first}`, { token: officer })).body.items[0];
    expect(task).toMatchObject({ elementId: 'Receive', version: 2 });
    expect((await h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: {} })).status).toBe(200);
    await until('the Check step of v2', async () => (await h.call('GET', `/api/v1/tasks?instanceId=${first}`, { token: officer })).body.items?.find((t: { elementId: string; state: string }) => t.elementId === 'Check' && t.state === 'OPEN'));
  });
});

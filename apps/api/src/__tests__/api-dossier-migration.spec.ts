/**
 * Issue 16: a dossier (chứng thực, shipped in processes/) migrated to a new version of its process
 * keeps its identity (id, code, workflow), its dates and deadline, and one continuous, verifying
 * history (dossier events + audit). The real API, a real Temporal dev server, the real worker.
 */
import { testDatabaseKinds } from '@tthc/persistence';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectErrorBody, type Harness } from './support/api-harness';
import { startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from './support/temporal-stack';

jest.setTimeout(600_000);

const PROCESSES_DIR = join(__dirname, '../../../../processes');
const server = useTemporalDevServer(0, { tmpPrefix: 'tthc-api-dossier-migration-', startTimeoutMs: 120_000 });
const kind = testDatabaseKinds().at(-1)!;

/** v2 of the shipped chứng thực process: the digitising step renamed (id and name) */
const V2 = readFileSync(join(PROCESSES_DIR, 'chung-thuc-ban-sao.bpmn'), 'utf8')
  .replaceAll('"Task_SoHoa"', '"Task_SoHoaBanChinh"')
  .replace('name="Số hóa bản chính, bản sao"', 'name="Số hóa bản chính và bản sao (v2)"');

describe(`a dossier migrated to a new version of its process (${kind})`, () => {
  let stack: ApiWithWorker;
  let h: Harness;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startApiWithWorker(kind, server.address, `dossier-migration-${kind}`, { processesDir: PROCESSES_DIR });
    h = stack.h;
    for (const u of ['portal', 'officer', 'analyst', 'auditor']) tokens[u] = await h.login(u);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const openTask = (instanceId: string, elementId: string) =>
    until(`${elementId} of ${instanceId}`, async () => {
      const res = await h.call('GET', `/api/v1/tasks?instanceId=${instanceId}`, { token: tokens.officer });
      return (res.body.items as Array<{ id: string; elementId: string; state: string; createdAt: string; dueAt: string | null; name: string; version: number }> | undefined)?.find(
        (t) => t.elementId === elementId && t.state === 'OPEN',
      );
    });

  it('refuses before the receipt, then after it migrates keeping id, code, dates and one history', async () => {
    const submitted = await h.call('POST', '/api/v1/dossiers', {
      token: tokens.portal,
      json: { procedureCode: '2.000815', applicant: { type: 1, name: 'Nguyễn Văn An', idNumber: '001090012345', address: 'Số 5 Phố Hiến, Hưng Yên', phone: '0912345678', email: 'an@example.vn' } },
    });
    expect(submitted.status).toBe(201);
    const d = submitted.body;
    const receive = await openTask(d.instanceId, 'Task_TiepNhan');
    const deployed = await h.call('POST', '/api/v1/deployments', { token: tokens.analyst, body: V2, type: 'application/xml' });
    expect(deployed.status).toBe(201);
    const version = deployed.body.processes[0].version as number;
    expect(version).toBeGreaterThan(d.processVersion);

    // not received yet (the receipt limit runs): refused at once, with the reason
    const early = await h.call('POST', `/api/v1/process-instances/${d.instanceId}/migration`, { token: tokens.analyst, json: { targetVersion: version } });
    expectErrorBody(early, 422, 'MIGRATION_REFUSED');
    expect(early.body.error.message).toContain('not received yet');

    expect((await h.call('POST', `/api/v1/tasks/${receive.id}/complete`, { token: tokens.officer, json: { variables: {} } })).status).toBe(200);
    const digitise = await openTask(d.instanceId, 'Task_SoHoa');
    const before = (await h.call('GET', `/api/v1/dossiers/${d.id}`, { token: tokens.officer })).body;
    expect(before).toMatchObject({ status: 2, code: expect.any(String) });

    const refused = await h.call('POST', `/api/v1/process-instances/${d.instanceId}/migration`, { token: tokens.analyst, json: { targetVersion: version } });
    expectErrorBody(refused, 422, 'MIGRATION_REFUSED');
    expect(refused.body.error.details.elementIds).toEqual(['Task_SoHoa']);

    const migrated = await h.call('POST', `/api/v1/process-instances/${d.instanceId}/migration`, { token: tokens.analyst, json: { targetVersion: version, mapping: { Task_SoHoa: 'Task_SoHoaBanChinh' } } });
    expect(migrated.status).toBe(200);
    expect(migrated.body).toMatchObject({ fromVersion: d.processVersion, toVersion: version, applied: { Task_SoHoa: 'Task_SoHoaBanChinh' } });

    // identity, dates, deadline kept; the version it runs changed
    const after = (await h.call('GET', `/api/v1/dossiers/${d.id}`, { token: tokens.officer })).body;
    expect(after).toMatchObject({
      id: d.id,
      code: before.code,
      workflowId: before.workflowId,
      instanceId: d.instanceId,
      status: 2,
      submittedAt: before.submittedAt,
      receivedAt: before.receivedAt,
      dueAt: before.dueAt,
      originalDueAt: before.originalDueAt,
      processVersion: version,
    });
    const task = await openTask(d.instanceId, 'Task_SoHoaBanChinh');
    expect(task).toMatchObject({ id: digitise.id, createdAt: digitise.createdAt, dueAt: digitise.dueAt, name: 'Số hóa bản chính và bản sao (v2)', version });

    // one history: the dossier's events go on in the same hash chain, which still verifies
    const events = (await h.call('GET', `/api/v1/dossiers/${d.id}/events`, { token: tokens.officer })).body;
    const items = (events.items ?? events) as Array<{ kind: string; actor: string; payload: Record<string, unknown> }>;
    expect(items.at(-1)).toMatchObject({ kind: 'process.migrated', actor: 'analyst', payload: { fromVersion: d.processVersion, toVersion: version, mapping: { Task_SoHoa: 'Task_SoHoaBanChinh' } } });
    expect(items.some((e) => e.kind === 'dossier.received')).toBe(true);
    const verified = await h.call('GET', `/api/v1/dossiers/${d.id}/events/verify`, { token: tokens.auditor });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true });
    const history = (await h.call('GET', `/api/v1/process-instances/${d.instanceId}/history`, { token: tokens.officer })).body;
    expect(history.events.map((e: { action: string }) => e.action)).toContain('process-instance.migrate');
    const active = history.elements.filter((e: { state: string }) => e.state === 'ACTIVE').map((e: { elementId: string }) => e.elementId);
    expect(active).toContain('Task_SoHoaBanChinh');
    expect(active).not.toContain('Task_SoHoa');
  });
});

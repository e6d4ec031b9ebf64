/**
 * Issue 16: a dossier (chứng thực, shipped in processes/) migrated to a new version of its process
 * — a step added before the one it waits at, that one renamed — keeps its identity (id, code,
 * workflow), its dates and deadline, and completes on the new version through every guarded step
 * (receive, digitise, sign, return) with one continuous, verifying history (dossier events + audit).
 * A dossier not received yet migrates too: its receipt limit goes on in the new run.
 * The real API, a real Temporal dev server, the real worker.
 */
import { testDatabaseKinds } from '@tthc/persistence';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { expectErrorBody, type Harness } from './support/api-harness';
import { startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from './support/temporal-stack';

jest.setTimeout(600_000);

const PROCESSES_DIR = join(__dirname, '../../../../processes');
const server = useTemporalDevServer(0, { tmpPrefix: 'tthc-api-dossier-migration-', startTimeoutMs: 120_000 });
const kind = testDatabaseKinds().at(-1)!;

/**
 * v2 of the shipped chứng thực process: a step added before the digitising step ("Kiểm tra thành
 * phần hồ sơ", after the receipt's gateway), and the digitising step renamed (id and name)
 */
const V2 = readFileSync(join(PROCESSES_DIR, 'chung-thuc-ban-sao.bpmn'), 'utf8')
  .replaceAll('"Task_SoHoa"', '"Task_SoHoaBanChinh"')
  .replace('name="Số hóa bản chính, bản sao"', 'name="Số hóa bản chính và bản sao (v2)"')
  .replace('<bpmn:incoming>Flow_Gateway_KiemTra_Task_SoHoa</bpmn:incoming>', '<bpmn:incoming>Flow_KiemTraThanhPhan_SoHoa</bpmn:incoming>')
  .replace('sourceRef="Gateway_KiemTra" targetRef="Task_SoHoaBanChinh"', 'sourceRef="Gateway_KiemTra" targetRef="Task_KiemTraThanhPhan"')
  .replace(
    '<bpmn:subProcess id="Sub_GiaiQuyet"',
    `<bpmn:userTask id="Task_KiemTraThanhPhan" name="Kiểm tra thành phần hồ sơ (v2)" tthc:candidateGroups="MOTCUA">
      <bpmn:incoming>Flow_Gateway_KiemTra_Task_SoHoa</bpmn:incoming>
      <bpmn:outgoing>Flow_KiemTraThanhPhan_SoHoa</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="Flow_KiemTraThanhPhan_SoHoa" sourceRef="Task_KiemTraThanhPhan" targetRef="Task_SoHoaBanChinh" />
    <bpmn:subProcess id="Sub_GiaiQuyet"`,
  );

interface Submitted {
  id: string;
  instanceId: string;
  processVersion: number;
}

interface TaskRow {
  id: string;
  elementId: string;
  state: string;
  createdAt: string;
  dueAt: string | null;
  name: string;
  version: number;
}

async function onePagePdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

describe(`a dossier migrated to a new version of its process (${kind})`, () => {
  let stack: ApiWithWorker;
  let h: Harness;
  let v2: number;
  let afterReceipt: Submitted;
  let beforeReceipt: Submitted;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startApiWithWorker(kind, server.address, `dossier-migration-${kind}`, { processesDir: PROCESSES_DIR });
    h = stack.h;
    for (const u of ['portal', 'officer', 'analyst', 'auditor']) tokens[u] = await h.login(u);
    // both dossiers start on v1 (a dossier submitted after the deployment would run v2)
    afterReceipt = await submit();
    beforeReceipt = await submit();
    for (const d of [afterReceipt, beforeReceipt]) await openTask(d.instanceId, 'Task_TiepNhan');
    const deployed = await h.call('POST', '/api/v1/deployments', { token: tokens.analyst, body: V2, type: 'application/xml' });
    expect(deployed.status).toBe(201);
    v2 = deployed.body.processes[0].version as number;
    expect(v2).toBeGreaterThan(afterReceipt.processVersion);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const openTask = (instanceId: string, elementId: string) =>
    until(`${elementId} of ${instanceId}`, async () => {
      const res = await h.call('GET', `/api/v1/tasks?instanceId=${instanceId}`, { token: tokens.officer });
      return (res.body.items as TaskRow[] | undefined)?.find((t) => t.elementId === elementId && t.state === 'OPEN');
    });
  const complete = async (instanceId: string, elementId: string, variables: Record<string, unknown> = {}) => {
    const task = await openTask(instanceId, elementId);
    const res = await h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: tokens.officer, json: { variables } });
    expect({ elementId, status: res.status, error: res.body?.error }).toEqual({ elementId, status: 200, error: undefined });
    return task;
  };
  const dossier = async (id: string) => (await h.call('GET', `/api/v1/dossiers/${id}`, { token: tokens.officer })).body;
  const upload = async (dossierId: string, fields: Record<string, string>, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await onePagePdf(name))], { type: 'application/pdf' }), name);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await h.call('POST', `/api/v1/dossiers/${dossierId}/documents`, { token: tokens.officer, body: form });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const submit = async () => {
    const res = await h.call('POST', '/api/v1/dossiers', {
      token: tokens.portal,
      json: { procedureCode: '2.000815', applicant: { type: 1, name: 'Nguyễn Văn An', idNumber: '001090012345', address: 'Số 5 Phố Hiến, Hưng Yên', phone: '0912345678', email: 'an@example.vn' } },
    });
    expect(res.status).toBe(201);
    return res.body as Submitted;
  };
  const migrate = (instanceId: string, mapping?: Record<string, string>) =>
    h.call('POST', `/api/v1/process-instances/${instanceId}/migration`, { token: tokens.analyst, json: { targetVersion: v2, ...(mapping ? { mapping } : {}) } });

  /** digitise (the renamed step, with every required component scanned) → review → approve → certify → sign → return, on v2 */
  async function runToReturn(d: { id: string; instanceId: string }) {
    for (const c of ((await dossier(d.id)).components as Array<{ id: string; required: boolean }>).filter((x) => x.required)) {
      await upload(d.id, { componentId: c.id }, `scan-${c.id}.pdf`);
    }
    const digitise = await complete(d.instanceId, 'Task_SoHoaBanChinh');
    expect(digitise).toMatchObject({ name: 'Số hóa bản chính và bản sao (v2)', version: v2 });
    expect((await dossier(d.id)).status).toBe(4);
    for (const el of ['Task_DoiChieu', 'Task_PheDuyet', 'Task_GhiSo']) await complete(d.instanceId, el);
    const result = await upload(d.id, { kind: 'result' }, 'ban-sao-chung-thuc.pdf');
    const signed = await h.call('POST', `/api/v1/documents/${result.id}/sign`, { token: tokens.officer, json: { reason: 'Chứng thực bản sao điện tử' } });
    expect(signed.status).toBe(201);
    await complete(d.instanceId, 'Task_KySo');
    await complete(d.instanceId, 'Task_TraKetQua');
    return until('the dossier returned', async () => {
      const v = await dossier(d.id);
      return v.status === 10 && v;
    });
  }

  /** one history: the dossier's events in one hash chain that verifies; the instance's audit and elements of both versions */
  async function expectOneHistory(d: { id: string; instanceId: string }, fromVersion: number, mapping: Record<string, string>) {
    const events = (await h.call('GET', `/api/v1/dossiers/${d.id}/events`, { token: tokens.officer })).body;
    const items = (events.items ?? events) as Array<{ kind: string; actor: string; payload: Record<string, unknown> }>;
    const kinds = items.map((e) => e.kind);
    expect(items.find((e) => e.kind === 'process.migrated')).toMatchObject({ actor: 'analyst', payload: { fromVersion, toVersion: v2, mapping } });
    expect(kinds).toContain('dossier.received');
    expect(kinds.lastIndexOf('process.migrated')).toBeLessThan(kinds.length - 1);
    const verified = await h.call('GET', `/api/v1/dossiers/${d.id}/events/verify`, { token: tokens.auditor });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true });
    const history = (await h.call('GET', `/api/v1/process-instances/${d.instanceId}/history`, { token: tokens.officer })).body;
    expect(history.events.map((e: { action: string }) => e.action)).toContain('process-instance.migrate');
    const elements = history.elements as Array<{ elementId: string; state: string }>;
    // what ran on v1 and what ran on v2, in one list; nothing left active
    for (const el of ['Task_TiepNhan', 'Task_SoHoaBanChinh', 'Task_KySo', 'Task_TraKetQua']) expect(elements.some((e) => e.elementId === el && e.state === 'COMPLETED')).toBe(true);
    expect(elements.filter((e) => e.state === 'ACTIVE')).toEqual([]);
  }

  it('after the receipt, waiting at the digitising step: refused without a mapping, migrated with one, completes on v2 with its dates and one history', async () => {
    const d = afterReceipt;
    await complete(d.instanceId, 'Task_TiepNhan');
    const digitise = await openTask(d.instanceId, 'Task_SoHoa');
    const before = await dossier(d.id);
    expect(before).toMatchObject({ status: 2, code: expect.any(String) });

    const refused = await migrate(d.instanceId);
    expectErrorBody(refused, 422, 'MIGRATION_REFUSED');
    expect(refused.body.error.details.elementIds).toEqual(['Task_SoHoa']);

    const migrated = await migrate(d.instanceId, { Task_SoHoa: 'Task_SoHoaBanChinh' });
    expect(migrated.status).toBe(200);
    expect(migrated.body).toMatchObject({ fromVersion: d.processVersion, toVersion: v2, applied: { Task_SoHoa: 'Task_SoHoaBanChinh' } });

    // identity, dates, deadline kept; the version it runs changed; the open task is the same one, renamed
    const kept = { id: d.id, code: before.code, workflowId: before.workflowId, instanceId: d.instanceId, submittedAt: before.submittedAt, receivedAt: before.receivedAt, dueAt: before.dueAt, originalDueAt: before.originalDueAt };
    expect(await dossier(d.id)).toMatchObject({ ...kept, status: 2, processVersion: v2 });
    const task = await openTask(d.instanceId, 'Task_SoHoaBanChinh');
    expect(task).toMatchObject({ id: digitise.id, createdAt: digitise.createdAt, dueAt: digitise.dueAt, name: 'Số hóa bản chính và bản sao (v2)', version: v2 });

    // the step added before it is not run; every guarded step after it is, on v2
    const done = await runToReturn(d);
    expect(done).toMatchObject({ ...kept, processVersion: v2 });
    const tasks = (await h.call('GET', `/api/v1/tasks?instanceId=${d.instanceId}&limit=50`, { token: tokens.officer })).body.items as TaskRow[];
    expect(tasks.map((t) => t.elementId)).not.toContain('Task_KiemTraThanhPhan');
    await expectOneHistory(d, d.processVersion, { Task_SoHoa: 'Task_SoHoaBanChinh' });
  });

  it('before the receipt, waiting at the receiving step: migrated, then received on v2 and run through the added step to its return', async () => {
    const d = beforeReceipt;
    const receive = await openTask(d.instanceId, 'Task_TiepNhan');
    const before = await dossier(d.id);
    expect(before).toMatchObject({ status: 1 });

    const migrated = await migrate(d.instanceId);
    expect(migrated.status).toBe(200);
    expect(migrated.body).toMatchObject({ fromVersion: d.processVersion, toVersion: v2 });
    expect(await dossier(d.id)).toMatchObject({ id: d.id, status: 1, submittedAt: before.submittedAt, processVersion: v2 });
    expect(await openTask(d.instanceId, 'Task_TiepNhan')).toMatchObject({ id: receive.id, createdAt: receive.createdAt, dueAt: receive.dueAt, version: v2 });

    await complete(d.instanceId, 'Task_TiepNhan');
    const received = await dossier(d.id);
    expect(received).toMatchObject({ status: 2, code: expect.any(String), receivedAt: expect.any(String), dueAt: expect.any(String) });
    // the step v2 added runs before the renamed one
    await complete(d.instanceId, 'Task_KiemTraThanhPhan');
    const done = await runToReturn(d);
    expect(done).toMatchObject({ id: d.id, code: received.code, submittedAt: before.submittedAt, receivedAt: received.receivedAt, dueAt: received.dueAt, originalDueAt: received.originalDueAt });
    await expectOneHistory(d, d.processVersion, {});
  });
});

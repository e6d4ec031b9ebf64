/**
 * Issue 10 — the dossier aggregate through the real API: a real Temporal dev server
 * (a free port), the real worker, the real database (SQLite, and PostgreSQL when
 * DATABASE_URL is set), the shipped procedures of processes/ deployed and seeded at start.
 */
import {
  appendDossierEvent,
  changeDossierStatus,
  dossierCodeUnit,
  inTransaction,
  insertDocument,
  issueDossierCode,
  testDatabaseKinds,
  updateDossier,
  type BlobStore,
} from '@tthc/persistence';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { expectErrorBody, type Harness } from '../../__tests__/support/api-harness';
import { startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from '../../__tests__/support/temporal-stack';
import { startApi } from '../../__tests__/support/api-harness';
import { BLOB_STORE } from '../../documents/documents-config';

jest.setTimeout(240_000);

const TEMPORAL_PORT = 0; // a free port: no collision with other test runs
const PROCESSES_DIR = join(__dirname, '../../../../../processes');
const server = useTemporalDevServer(TEMPORAL_PORT, { tmpPrefix: 'tthc-dossiers-', lockPort: true, startTimeoutMs: 600_000 });

const applicant = (idNumber = '001090012345', name = 'Nguyễn Văn An') => ({
  type: 1,
  name,
  idNumber,
  address: 'Số 5 Phố Hiến, Hưng Yên',
  phone: '0912345678',
  email: 'an@example.vn',
});

async function smallPdf(text = 'ban sao'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText(text, { x: 20, y: 100 });
  return Buffer.from(await doc.save());
}

function form(fields: Record<string, string | { data: Buffer; name: string; type: string }>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') f.append(k, v);
    else f.append(k, new Blob([new Uint8Array(v.data)], { type: v.type }), v.name);
  }
  return f;
}

describe.each(testDatabaseKinds())('dossiers over HTTP with Temporal and the worker (%s)', (kind) => {
  let stack: ApiWithWorker;
  let h: Harness;
  const tokens: Record<string, string> = {};
  const saved = { max: process.env.TTHC_MAX_UPLOAD, lookup: process.env.TTHC_PUBLIC_LOOKUP_PER_MINUTE };

  beforeAll(async () => {
    process.env.TTHC_MAX_UPLOAD = '1mb';
    process.env.TTHC_PUBLIC_LOOKUP_PER_MINUTE = '8';
    stack = await startApiWithWorker(kind, server.address, `dossiers-${kind}`, { processesDir: PROCESSES_DIR });
    h = stack.h;
    for (const u of ['portal', 'officer', 'officer2', 'auditor', 'analyst', 'admin']) tokens[u] = await h.login(u);
  });
  afterAll(async () => {
    for (const [k, v] of [['TTHC_MAX_UPLOAD', saved.max], ['TTHC_PUBLIC_LOOKUP_PER_MINUTE', saved.lookup]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await stack?.close();
  });

  const submit = (token: string, json: unknown) => h.call('POST', '/api/v1/dossiers', { token, json });
  const online = (over: Record<string, unknown> = {}) => submit(tokens.portal, { procedureCode: '2.000815', applicant: applicant(), ...over });
  const counter = (over: Record<string, unknown> = {}) => submit(tokens.officer, { procedureCode: '2.000815', applicant: applicant(), ...over });

  /** What the receive step does (the step guard, another helper's work), with the same store primitives. */
  async function receive(id: string, at = new Date()): Promise<string> {
    return inTransaction(h.api.ds, async (m) => {
      const code = await issueDossierCode(m, dossierCodeUnit('STP', 'MOTCUA'), at);
      await updateDossier(m, id, { code, receivedAt: at, dueAt: new Date(at.getTime() + 86_400_000), originalDueAt: new Date(at.getTime() + 86_400_000) }, { kind: 'dossier.received', actor: 'officer', unit: 'MOTCUA', at });
      await changeDossierStatus(m, id, 2, { actor: 'officer', handler: 'Nguyễn Thị Cán Bộ', handlerTitle: 'Chuyên viên', unitName: 'Bộ phận Một cửa', unit: 'MOTCUA', content: 'Tiếp nhận hồ sơ' }, at);
      return code;
    });
  }

  describe('procedures catalog', () => {
    it('lists the shipped procedures with their components, fees and legal basis', async () => {
      const res = await h.call('GET', '/api/v1/procedures', { token: tokens.officer2 });
      expect(res.status).toBe(200);
      expect(res.body.items.map((p: { code: string; processKey: string }) => [p.code, p.processKey])).toEqual([
        ['1.001193', 'dang-ky-khai-sinh'],
        ['1.001612', 'dang-ky-ho-kinh-doanh'],
        ['1.009994', 'cap-phep-xay-dung'],
        ['2.000488', 'cap-phieu-ly-lich-tu-phap'],
        ['2.000815', 'chung-thuc-ban-sao'],
      ]);
      const one = await h.call('GET', '/api/v1/procedures/2.000815', { token: tokens.portal });
      expect(one.body).toMatchObject({ agency: 'STP', statutoryDays: 1, cutoff: '15:00' });
      expect(one.body.components.filter((c: { required: boolean }) => c.required).map((c: { id: string }) => c.id)).toEqual(['ban-chinh', 'ban-sao']);
      expect(one.body.legalBasis[0].document).toBe('Nghị định 23/2015/NĐ-CP');
      expectErrorBody(await h.call('GET', '/api/v1/procedures/9.999999', { token: tokens.officer }), 404, 'NOT_FOUND');
      expectErrorBody(await h.call('GET', '/api/v1/procedures'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('registering', () => {
    it('an online submission from the portal: status 1, components, first event and progress record, workflow dossier/<id> running', async () => {
      const res = await online({ summary: 'Chứng thực bản sao giấy khai sinh', submittedAt: '2026-12-02T08:30:00+07:00' });
      expect(res.status).toBe(201);
      const d = res.body;
      expect(d).toMatchObject({ status: 1, statusLabel: 'Mới đăng ký', code: null, channel: 2, agency: 'STP', receivingUnit: 'MOTCUA', procedureCode: '2.000815', workflowId: `dossier/${d.id}`, submittedAt: '2026-12-02T01:30:00.000Z', createdBy: 'portal' });
      expect(d.components.map((c: { componentKey: string }) => c.componentKey)).toEqual(['ban-chinh', 'ban-sao', 'giay-uy-quyen']);
      // the workflow runs and its first task (receive) belongs to the dossier's instance
      const task = await until('the receive task', async () => (await h.call('GET', `/api/v1/tasks?instanceId=${d.instanceId}`, { token: tokens.officer })).body.items?.[0]);
      expect(task).toMatchObject({ elementId: 'Task_TiepNhan', step: 'receive' });
      const inst = await h.call('GET', `/api/v1/process-instances/${d.instanceId}`, { token: tokens.officer });
      expect(inst.body).toMatchObject({ processKey: 'chung-thuc-ban-sao', state: 'ACTIVE', variables: { dossierId: d.id } });
      const row = await h.api.ds.query(kind === 'postgres' ? 'SELECT dossier_id FROM process_instances WHERE id = $1' : 'SELECT dossier_id FROM process_instances WHERE id = ?', [d.instanceId]);
      expect(row[0].dossier_id).toBe(d.id);
      const events = await h.call('GET', `/api/v1/dossiers/${d.id}/events`, { token: tokens.officer });
      expect(events.body.items.map((e: { kind: string }) => e.kind)).toEqual(['dossier.created']);
      const progress = await h.call('GET', `/api/v1/dossiers/${d.id}/progress`, { token: tokens.officer });
      expect(progress.body.items).toEqual([
        expect.objectContaining({ seq: 1, MaHoSo: d.id, TrangThai: 1, NguoiXuLy: 'Cổng Dịch vụ công tỉnh', NoiDungXuLy: 'Nộp hồ sơ trực tuyến', NgayBatDau: '2026-12-02T01:30:00.000Z' }),
      ]);
      expect((await h.call('GET', `/api/v1/dossiers/${d.id}/events/verify`, { token: tokens.auditor })).body).toEqual({ ok: true, count: 1 });
    });

    it('a counter intake by an officer of the receiving unit (channel 1), refused for another agency or a unit the officer is not in', async () => {
      const res = await counter();
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ channel: 1, receivingUnit: 'MOTCUA', createdBy: 'officer', status: 1 });
      // ChucDanh of the first progress record: the registering officer's title (chức danh)
      const progress = await h.call('GET', `/api/v1/dossiers/${res.body.id}/progress`, { token: tokens.officer });
      expect(progress.body.items[0]).toMatchObject({ NguoiXuLy: 'Nguyễn Thị Cán Bộ', ChucDanh: 'Chuyên viên Bộ phận Một cửa' });
      expect((await counter({ channel: 3 })).body.channel).toBe(3);
      expectErrorBody(await submit(tokens.officer2, { procedureCode: '2.000815', applicant: applicant() }), 403, 'AGENCY_NOT_ALLOWED');
      expectErrorBody(await counter({ receivingUnit: 'QLXD' }), 403, 'UNIT_NOT_ALLOWED');
      expectErrorBody(await counter({ channel: 2 }), 403, 'CHANNEL_NOT_ALLOWED');
      expectErrorBody(await online({ channel: 1 }), 403, 'CHANNEL_NOT_ALLOWED');
      expectErrorBody(await submit(tokens.analyst, { procedureCode: '2.000815', applicant: applicant() }), 403, 'ROLE_NOT_ALLOWED');
      expectErrorBody(await h.call('POST', '/api/v1/dossiers', { json: { procedureCode: '2.000815', applicant: applicant() } }), 401, 'UNAUTHENTICATED');
    });

    it('refuses bad input with a clear error and writes nothing', async () => {
      const before = await h.api.ds.query('SELECT COUNT(*) AS n FROM dossiers');
      expectErrorBody(await online({ procedureCode: '9.999999' }), 422, 'UNKNOWN_PROCEDURE');
      const missing = await submit(tokens.portal, { procedureCode: '2.000815', applicant: { type: 1, name: 'A' } });
      expectErrorBody(missing, 400, 'VALIDATION_FAILED');
      expect(missing.body.error.details.map((x: { path: string }) => x.path).sort()).toEqual(['applicant.address', 'applicant.idNumber']);
      expectErrorBody(await online({ applicant: { ...applicant(), name: 'Nguyễn\u0000Văn An' } }), 400, 'VALIDATION_FAILED');
      expectErrorBody(await online({ applicant: { ...applicant(), type: 7 } }), 400, 'VALIDATION_FAILED');
      expectErrorBody(await online({ extra: 1 }), 400, 'VALIDATION_FAILED');
      expectErrorBody(await online({ receivingUnit: 'NOWHERE' }), 422, 'UNKNOWN_UNIT');
      expectErrorBody(await h.call('POST', '/api/v1/dossiers', { token: tokens.portal, body: '{"procedureCode":', type: 'application/json' }), 400, 'BAD_REQUEST');
      expect(await h.api.ds.query('SELECT COUNT(*) AS n FROM dossiers')).toEqual(before);
    });
  });

  describe('reading, listing and agency isolation', () => {
    let stp: { id: string; instanceId: string };
    beforeAll(async () => {
      stp = (await counter({ applicant: applicant('034199000111', 'Lê Thị Bình') })).body;
    });

    it('hides another agency’s dossier: 404 on every read and write, and never in its lists', async () => {
      for (const path of ['', '/events', '/events/verify', '/progress', '/documents', '/reusable-documents', '/forms/receipt']) {
        expectErrorBody(await h.call('GET', `/api/v1/dossiers/${stp.id}${path}`, { token: tokens.officer2 }), 404, 'DOSSIER_NOT_FOUND');
      }
      // exactly like an id that exists nowhere (the API's one agency-scope rule), reading or writing: the same body, but for the id
      const unknownId = randomUUID();
      for (const [method, path] of [['GET', ''], ['GET', '/progress'], ['POST', '/resubmission']]) {
        const foreign = await h.call(method, `/api/v1/dossiers/${stp.id}${path}`, { token: tokens.officer2, ...(method === 'POST' ? { json: {} } : {}) });
        const unknown = await h.call(method, `/api/v1/dossiers/${unknownId}${path}`, { token: tokens.officer2, ...(method === 'POST' ? { json: {} } : {}) });
        expect({ path, status: foreign.status, body: foreign.body }).toEqual({ path, status: unknown.status, body: JSON.parse(JSON.stringify(unknown.body).replaceAll(unknownId, stp.id)) });
      }
      const pdf = await smallPdf();
      expectErrorBody(await h.call('POST', `/api/v1/dossiers/${stp.id}/documents`, { token: tokens.officer2, body: form({ kind: 'other', file: { data: pdf, name: 'x.pdf', type: 'application/pdf' } }) }), 404, 'DOSSIER_NOT_FOUND');
      expectErrorBody(await h.call('POST', `/api/v1/dossiers/${stp.id}/resubmission`, { token: tokens.officer2, json: {} }), 404, 'DOSSIER_NOT_FOUND');
      const list = await h.call('GET', '/api/v1/dossiers?limit=200', { token: tokens.officer2 });
      expect(list.status).toBe(200);
      expect(list.body.items.every((d: { agency: string }) => d.agency === 'SXD')).toBe(true);
      // the portal sees what it submitted only; the auditor reads everything but writes nothing
      expectErrorBody(await h.call('GET', `/api/v1/dossiers/${stp.id}`, { token: tokens.portal }), 404, 'DOSSIER_NOT_FOUND');
      expect((await h.call('GET', `/api/v1/dossiers/${stp.id}`, { token: tokens.auditor })).status).toBe(200);
      expectErrorBody(await h.call('POST', `/api/v1/dossiers/${stp.id}/documents`, { token: tokens.auditor, body: form({ kind: 'other', file: { data: pdf, name: 'x.pdf', type: 'application/pdf' } }) }), 403, 'ROLE_NOT_ALLOWED');
      expectErrorBody(await h.call('GET', '/api/v1/dossiers/not-a-uuid', { token: tokens.officer }), 404, 'DOSSIER_NOT_FOUND');
      // the portal's service account reaches the dossier and procedure routes only
      for (const path of ['/api/v1/tasks', '/api/v1/process-instances', `/api/v1/process-instances/${stp.instanceId}/documents`, '/api/v1/agencies']) {
        expectErrorBody(await h.call('GET', path, { token: tokens.portal }), 403, 'FORBIDDEN');
      }
    });

    it('filters by code, status, procedure, applicant ID and dates, and pages newest first without repeats', async () => {
      const code = await receive(stp.id, new Date('2026-12-03T02:00:00Z'));
      const byCode = await h.call('GET', `/api/v1/dossiers?code=${code}`, { token: tokens.officer });
      expect(byCode.body.items.map((d: { id: string }) => d.id)).toEqual([stp.id]);
      const received = await h.call('GET', '/api/v1/dossiers?status=2&receivedFrom=2026-12-03T00:00:00%2B07:00&receivedTo=2026-12-04T00:00:00%2B07:00', { token: tokens.officer });
      expect(received.body.items.map((d: { id: string }) => d.id)).toEqual([stp.id]);
      const byApplicant = await h.call('GET', '/api/v1/dossiers?applicantId=034199000111&procedure=2.000815', { token: tokens.auditor });
      expect(byApplicant.body.items.map((d: { id: string }) => d.id)).toEqual([stp.id]);
      expect((await h.call('GET', '/api/v1/dossiers?procedure=1.009994', { token: tokens.officer })).body.items).toEqual([]);
      const all = (await h.call('GET', '/api/v1/dossiers?limit=200', { token: tokens.officer })).body.items.map((d: { id: string }) => d.id);
      expect(all.length).toBeGreaterThanOrEqual(4);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await h.call('GET', `/api/v1/dossiers?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: tokens.officer });
        expect(page.status).toBe(200);
        paged.push(...page.body.items.map((d: { id: string }) => d.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
      expectErrorBody(await h.call('GET', '/api/v1/dossiers?status=11', { token: tokens.officer }), 400, 'VALIDATION_FAILED');
      expectErrorBody(await h.call('GET', '/api/v1/dossiers?cursor=garbage', { token: tokens.officer }), 400, 'BAD_REQUEST');
      expectErrorBody(await h.call('GET', '/api/v1/dossiers?receivedFrom=yesterday', { token: tokens.officer }), 400, 'VALIDATION_FAILED');
    });

    it('detects a direct edit of the event log at the edited row', async () => {
      const events = (await h.call('GET', `/api/v1/dossiers/${stp.id}/events`, { token: tokens.officer })).body.items;
      expect(events.map((e: { kind: string }) => e.kind)).toEqual(['dossier.created', 'dossier.received', 'status.changed']);
      expect((await h.call('GET', `/api/v1/dossiers/${stp.id}/events/verify`, { token: tokens.officer })).body).toEqual({ ok: true, count: 3 });
      const sql = kind === 'postgres' ? `UPDATE dossier_events SET actor = 'someone-else' WHERE dossier_id = $1 AND seq = 2` : `UPDATE dossier_events SET actor = 'someone-else' WHERE dossier_id = ? AND seq = 2`;
      await h.api.ds.query(sql, [stp.id]);
      expect((await h.call('GET', `/api/v1/dossiers/${stp.id}/events/verify`, { token: tokens.auditor })).body).toEqual({ ok: false, count: 1, brokenAtSeq: 2, reason: 'hash' });
    });
  });

  describe('documents, components and reuse', () => {
    let first: { id: string; components: Array<{ id: string; componentKey: string }> };
    let second: { id: string; components: Array<{ id: string; componentKey: string }> };
    beforeAll(async () => {
      first = (await counter({ applicant: applicant('079088001234', 'Phạm Minh Châu') })).body;
      second = (await online({ applicant: applicant('079088001234', 'Phạm Minh Châu') })).body;
    });
    const upload = (id: string, fields: Record<string, string | { data: Buffer; name: string; type: string }>, token = tokens.officer) =>
      h.call('POST', `/api/v1/dossiers/${id}/documents`, { token, body: form(fields) });
    const eventKinds = async (id: string) => (await h.call('GET', `/api/v1/dossiers/${id}/events`, { token: tokens.officer })).body.items.map((e: { kind: string }) => e.kind);

    it('digitises a component: the document, its link and the events are recorded together', async () => {
      const pdf = await smallPdf('ban chinh');
      const res = await upload(first.id, { componentId: first.components[0].id, file: { data: pdf, name: 'giấy khai sinh.pdf', type: 'application/pdf' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'component', dossierId: first.id, name: 'giấy khai sinh.pdf', mediaType: 'application/pdf' });
      const d = (await h.call('GET', `/api/v1/dossiers/${first.id}`, { token: tokens.officer })).body;
      expect(d.components[0]).toMatchObject({ componentKey: 'ban-chinh', documentId: res.body.id, reusedDocumentId: null });
      expect(await eventKinds(first.id)).toEqual(['dossier.created', 'document.added', 'component.digitised']);
      const docs = (await h.call('GET', `/api/v1/dossiers/${first.id}/documents`, { token: tokens.auditor })).body.items;
      expect(docs.map((x: { id: string }) => x.id)).toEqual([res.body.id]);
      const result = await upload(first.id, { kind: 'result', file: { data: await smallPdf('ket qua'), name: 'ket-qua.pdf', type: 'application/pdf' } });
      expect(result.body).toMatchObject({ kind: 'result', dossierId: first.id });
    });

    it('refuses an oversized upload, a NUL byte in the name, an unknown component — and records nothing', async () => {
      const before = await eventKinds(first.id);
      const big = Buffer.alloc(2 * 1024 * 1024, 0x41);
      expectErrorBody(await upload(first.id, { componentId: first.components[1].id, file: { data: big, name: 'big.bin', type: 'application/octet-stream' } }), 413, 'PAYLOAD_TOO_LARGE');
      expectErrorBody(await upload(first.id, { name: 'a\u0000b.pdf', file: { data: await smallPdf(), name: 'x.pdf', type: 'application/pdf' } }), 400, 'VALIDATION_FAILED');
      expectErrorBody(await upload(first.id, { componentId: '00000000-0000-4000-8000-000000000000', file: { data: await smallPdf(), name: 'x.pdf', type: 'application/pdf' } }), 404, 'COMPONENT_NOT_FOUND');
      expectErrorBody(await upload(first.id, { file: { data: Buffer.from('not a pdf'), name: 'fake.pdf', type: 'application/pdf' } }), 422, 'SIGNING_NOT_A_PDF');
      expect(await eventKinds(first.id)).toEqual(before);
      expect((await h.call('GET', `/api/v1/dossiers/${first.id}/documents`, { token: tokens.officer })).body.items).toHaveLength(2);
    });

    it('reuses a document held for the same applicant ID, and only such a document', async () => {
      const reusable = await h.call('GET', `/api/v1/dossiers/${second.id}/reusable-documents`, { token: tokens.officer });
      expect(reusable.status).toBe(200);
      expect(reusable.body.items.map((x: { kind: string; fromDossierId: string }) => [x.kind, x.fromDossierId])).toEqual([
        ['result', first.id],
        ['component', first.id],
      ]);
      const scan = reusable.body.items.find((x: { kind: string }) => x.kind === 'component');
      const res = await h.call('POST', `/api/v1/dossiers/${second.id}/components/${second.components[0].id}/reuse`, { token: tokens.officer, json: { documentId: scan.id } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ componentKey: 'ban-chinh', reusedDocumentId: scan.id, documentId: null });
      expect(await eventKinds(second.id)).toEqual(['dossier.created', 'component.reused']);
      // a document of another applicant is not reusable, nor one that does not exist
      const stranger = (await counter({ applicant: applicant('001200000999', 'Đỗ Văn Em') })).body;
      expectErrorBody(await h.call('POST', `/api/v1/dossiers/${stranger.id}/components/${stranger.components[0].id}/reuse`, { token: tokens.officer, json: { documentId: scan.id } }), 422, 'DOCUMENT_NOT_REUSABLE');
      expectErrorBody(await h.call('POST', `/api/v1/dossiers/${second.id}/components/${second.components[1].id}/reuse`, { token: tokens.officer, json: { documentId: '00000000-0000-4000-8000-000000000000' } }), 422, 'DOCUMENT_NOT_REUSABLE');
      expectErrorBody(await h.call('POST', `/api/v1/dossiers/${second.id}/components/${second.components[1].id}/reuse`, { token: tokens.officer2, json: { documentId: scan.id } }), 404, 'DOSSIER_NOT_FOUND');
    });
  });

  describe('forms and resubmission', () => {
    it('serves a stored form as PDF, 404 FORM_NOT_ISSUED before it exists', async () => {
      const d = (await counter()).body;
      expectErrorBody(await h.call('GET', `/api/v1/dossiers/${d.id}/forms/receipt`, { token: tokens.officer }), 404, 'FORM_NOT_ISSUED');
      expectErrorBody(await h.call('GET', `/api/v1/dossiers/${d.id}/forms/nonsense`, { token: tokens.officer }), 400, 'VALIDATION_FAILED');
      // what the receive step stores: the receipt as a document of the dossier (kind notice, form receipt)
      const pdf = await smallPdf('giay tiep nhan');
      const blob = await h.api.app.get<BlobStore>(BLOB_STORE).put(pdf);
      await insertDocument(h.api.ds, { instanceId: d.instanceId, dossierId: d.id, kind: 'notice', form: 'receipt', name: 'mau-01.pdf', mediaType: 'application/pdf', sizeBytes: blob.size, sha256: blob.sha256, storageKey: blob.key, uploadedBy: 'system' });
      const res = await fetch(`${h.url}/api/v1/dossiers/${d.id}/forms/receipt`, { headers: { authorization: `Bearer ${tokens.officer}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    });

    it('renders the control sheet from the event log: one row per hand-over, in Vietnamese', async () => {
      const d = (await counter({ applicant: applicant('001090055555', 'Hoàng Thị Giang') })).body;
      expectErrorBody(await h.call('GET', `/api/v1/dossiers/${d.id}/forms/control-sheet`, { token: tokens.officer }), 404, 'FORM_NOT_ISSUED');
      const code = await receive(d.id, new Date('2026-12-07T02:00:00Z'));
      // what the step guard appends at each completed step (actor, unit, outcome)
      const steps: Array<[string, string, string, string]> = [
        ['officer', 'MOTCUA', 'Tiếp nhận, kiểm tra yêu cầu chứng thực', 'early'],
        ['officer', 'HCTP', 'Đối chiếu bản sao với bản chính', 'on-time'],
        ['officer', 'HCTP', 'Người có thẩm quyền chứng thực phê duyệt', 'late'],
      ];
      let t = Date.parse('2026-12-07T02:10:00Z');
      for (const [actor, unit, taskName, outcome] of steps) {
        await inTransaction(h.api.ds, (m) => appendDossierEvent(m, d.id, { kind: 'step.completed', actor, unit, at: new Date((t += 600_000)), payload: { elementId: 'x', taskName, outcome } }));
      }
      const res = await fetch(`${h.url}/api/v1/dossiers/${d.id}/forms/control-sheet`, { headers: { authorization: `Bearer ${tokens.auditor}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const dir = mkdtempSync(join(tmpdir(), 'tthc-control-sheet-'));
      try {
        writeFileSync(join(dir, 'sheet.pdf'), pdf);
        const text = spawnSync('pdftotext', ['-layout', join(dir, 'sheet.pdf'), '-'], { encoding: 'utf8' });
        expect(text.status).toBe(0);
        const flat = text.stdout.replace(/\s+/g, ' ');
        expect(flat).toContain('PHIẾU KIỂM SOÁT');
        expect(flat).toContain(code);
        expect(flat).toContain('Hoàng Thị Giang');
        // four hand-overs: applicant → officer, then one per completed step; the last one's receiver is still open (…)
        expect(flat.match(/Cán Bộ/g)?.length).toBe(6);
        expect(flat).toContain('Phòng Hành chính tư');
        for (const label of ['Trước hạn', 'Đúng hạn', 'Quá hạn']) expect(flat).toContain(label);
        expect(flat).not.toContain('Đang giải quyết Nộp hồ sơ');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      // a view of the chain: the same events render the same bytes
      const again = await fetch(`${h.url}/api/v1/dossiers/${d.id}/forms/control-sheet`, { headers: { authorization: `Bearer ${tokens.officer}` } });
      expect(Buffer.from(await again.arrayBuffer()).equals(pdf)).toBe(true);
      expectErrorBody(await h.call('GET', `/api/v1/dossiers/${d.id}/forms/control-sheet`, { token: tokens.officer2 }), 404, 'DOSSIER_NOT_FOUND');
    });

    it('delivers a resubmission only to a dossier waiting for a supplement', async () => {
      const d = (await online()).body;
      expectErrorBody(await h.call('POST', `/api/v1/dossiers/${d.id}/resubmission`, { token: tokens.portal, json: {} }), 409, 'NOT_AWAITING_SUPPLEMENT');
      await receive(d.id);
      await inTransaction(h.api.ds, (m) => changeDossierStatus(m, d.id, 5, { actor: 'officer', handler: 'Nguyễn Thị Cán Bộ', handlerTitle: 'Chuyên viên', unitName: 'Bộ phận Một cửa', content: 'Yêu cầu bổ sung' }, new Date()));
      await until('the workflow to be running', async () => (await h.call('GET', `/api/v1/tasks?instanceId=${d.instanceId}`, { token: tokens.officer })).body.items?.[0]);
      const res = await h.call('POST', `/api/v1/dossiers/${d.id}/resubmission`, { token: tokens.portal, json: { note: 'Đã bổ sung bản sao' } });
      expect(res.status).toBe(202);
      const kinds = (await h.call('GET', `/api/v1/dossiers/${d.id}/events`, { token: tokens.officer })).body.items.map((e: { kind: string }) => e.kind);
      expect(kinds[kinds.length - 1]).toBe('dossier.resubmitted');
      expectErrorBody(await h.call('POST', `/api/v1/dossiers/${d.id}/resubmission`, { token: tokens.auditor, json: {} }), 403, 'ROLE_NOT_ALLOWED');
    });
  });

  describe('public lookup (no login)', () => {
    it('answers status, dates, procedure and a masked name — nothing personal — then limits the address', async () => {
      const d = (await online({ applicant: applicant('001090077777', 'Nguyễn Văn An') })).body;
      const code = await receive(d.id, new Date('2026-12-04T03:00:00Z'));
      const res = await h.call('GET', `/api/v1/public/dossiers/${code}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        code,
        procedureName: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận',
        status: 2,
        statusLabel: 'Được tiếp nhận',
        receivedAt: '2026-12-04T03:00:00.000Z',
        dueAt: '2026-12-05T03:00:00.000Z',
        applicantName: 'N***** V** A*',
      });
      for (const secret of ['001090077777', 'Phố Hiến', '0912345678', 'an@example.vn', 'Nguyễn']) expect(res.text).not.toContain(secret);
      expectErrorBody(await h.call('GET', '/api/v1/public/dossiers/STP.MOTCUA-261204-9999'), 404, 'DOSSIER_NOT_FOUND');
      expectErrorBody(await h.call('GET', `/api/v1/public/dossiers/${encodeURIComponent("x' OR 1=1 --")}`), 404, 'DOSSIER_NOT_FOUND');
      // 8 per minute per address: 3 used above, 5 more pass, the next is refused with Retry-After
      for (let i = 0; i < 5; i++) expect((await h.call('GET', `/api/v1/public/dossiers/${code}`)).status).toBe(200);
      const limited = await fetch(`${h.url}/api/v1/public/dossiers/${code}`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await limited.json()).error.code).toBe('TOO_MANY_REQUESTS');
    });
  });
});

describe('without Temporal, with the web app served', () => {
  it('answers 503 when a dossier’s workflow cannot start, and leaves nothing half-written', async () => {
    // Temporal unreachable (nothing listens on port 1); the procedures are deployed and seeded all the same
    const web = mkdtempSync(join(tmpdir(), 'tthc-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>TTHC</title>');
    const h = await startApi('sqlite', { processesDir: PROCESSES_DIR, webDist: web });
    try {
      // the QR code's URL: a browser is sent to the lookup page, an API client gets JSON
      const html = await fetch(`${h.url}/api/v1/public/dossiers/STP.MOTCUA-261202-0001`, { headers: { accept: 'text/html,application/xhtml+xml' }, redirect: 'manual' });
      expect(html.status).toBe(302);
      expect(html.headers.get('location')).toBe('/#/tra-cuu/STP.MOTCUA-261202-0001');
      expectErrorBody(await h.call('GET', '/api/v1/public/dossiers/STP.MOTCUA-261202-0001'), 404, 'DOSSIER_NOT_FOUND');
      const portal = await h.login('portal');
      const res = await h.call('POST', '/api/v1/dossiers', { token: portal, json: { procedureCode: '2.000815', applicant: applicant() } });
      expectErrorBody(res, 503, 'ENGINE_UNAVAILABLE');
      for (const table of ['dossiers', 'dossier_components', 'dossier_events', 'dossier_progress', 'dossier_sync_outbox', 'process_instances']) {
        expect(await h.api.ds.query(`SELECT COUNT(*) AS n FROM ${table}`)).toEqual([{ n: 0 }]);
      }
    } finally {
      await h.close();
      rmSync(web, { recursive: true, force: true });
    }
  });
});

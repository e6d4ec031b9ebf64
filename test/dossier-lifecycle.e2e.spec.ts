/**
 * Issue 10 "Done when", on the product started as a user starts it (scripts/start.mjs:
 * Temporal dev server, API, worker, database): an online dossier of the shipped procedure
 * chứng thực bản sao (processes/chung-thuc-ban-sao.bpmn) goes submit → receive → digitise →
 * review → approve → (certify) → sign → return through the API; the generated PDFs are read
 * back with pdftotext, the signed result verified by our verifier, pdfsig and pyHanko. The
 * refusals are tried through the API and through a direct Temporal update that bypasses it.
 */
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApi } from './harness/api-client';
import { completeVia, downloadBytes, openTask, simplePdf, submitDossier, uploadPdf, type SubmittedDossier } from './harness/dossier-driver';
import { freshDatabase, repoRoot, Stack, startStack } from './harness/stack';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

const BASE_PORT = 3350;
const PROCEDURE = '2.000815';
const scratch = mkdtempSync(join(tmpdir(), 'tthc-dossier-e2e-'));

let stack: Stack;
let portal: TestApi;
let officer: TestApi;
let temporal: Client;
let connection: Connection;

beforeAll(async () => {
  stack = await startStack({ name: 'dossiers', basePort: BASE_PORT, databaseUrl: await freshDatabase('dossiers') });
  portal = await new TestApi(stack.url).login('portal');
  officer = await new TestApi(stack.url).login('officer');
  const admin = await new TestApi(stack.url).login('admin');
  // an officer of the same agency who is not of the receiving unit (sees the MOTCUA tasks through an explicit group)
  const created = await admin.call('POST', '/api/v1/users', { username: 'hctp', fullName: 'Lê Văn Tư Pháp', password: 'Demo@12345', roles: ['officer'], agency: 'STP', units: ['HCTP'], groups: ['MOTCUA'] });
  expect(created.status).toBe(201);
  connection = await Connection.connect({ address: `127.0.0.1:${BASE_PORT + 1}` });
  temporal = new Client({ connection, dataConverter: TTHC_DATA_CONVERTER });
}, 400_000);

afterAll(async () => {
  await connection?.close();
  await stack?.stop();
});

function submit(): Promise<SubmittedDossier> {
  return submitDossier(
    portal,
    officer,
    PROCEDURE,
    { type: 1, name: 'Phạm Thị Hoa', idNumber: '033190001234', address: 'Phường Hiến Nam, Hưng Yên', phone: '0987654321', email: 'hoa@example.vn' },
    'Chứng thực bản sao giấy khai sinh',
  );
}

async function directUpdate(workflowId: string, taskId: string, by: string, variables: Record<string, unknown> = {}) {
  const err = await temporal.workflow
    .getHandle(workflowId)
    .executeUpdate('completeTask', { args: [{ taskId, by, variables }] })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; details?: Array<{ code: string }> };
  expect(cause.type).toBe('STEP_REFUSED');
  return cause.details![0];
}

const upload = (dossierId: string, bytes: Uint8Array, fields: Record<string, string>, name: string) => uploadPdf(officer, dossierId, bytes, fields, name);
const pdf = simplePdf;
const download = (path: string) => downloadBytes(officer, path);

function file(bytes: Uint8Array, name: string): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return path;
}

/**
 * An external validator, run asynchronously: a synchronous child would block the event loop for
 * seconds, and the API's keep-alive sockets would close under the HTTP client meanwhile.
 */
function tool(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: repoRoot, env, encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

const pdftotext = (path: string) => execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });

async function components(dossierId: string): Promise<Array<{ id: string; required: boolean }>> {
  return (await officer.call('GET', `/api/v1/dossiers/${dossierId}`)).body.components;
}

async function expectOpen(taskId: string) {
  expect((await officer.call('GET', `/api/v1/tasks/${taskId}`)).body.state).toBe('OPEN');
}

describe('an online chứng thực dossier end to end', () => {
  it('runs submit → receive → digitise → review → approve → sign → return with valid PDFs, statuses 1→2→4→9→10 and a verifying chain', async () => {
    const d = await submit();

    const receive = await openTask(officer, d.instanceId, 'Task_TiepNhan');
    expect((await completeVia(officer, receive.id)).status).toBe(200);
    const received = (await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body;
    expect(received.status).toBe(2);
    const day = new Date(new Date(received.receivedAt).getTime() + 7 * 3600_000).toISOString().slice(2, 10).replace(/-/g, '');
    expect(received.code).toMatch(new RegExp(`^STP\\.MOTCUA-${day}-\\d{4}$`));
    expect(new Date(received.dueAt).getTime()).toBeGreaterThan(new Date(received.receivedAt).getTime());
    // an operator finds the dossier by its code in Temporal
    const described = await temporal.workflow.getHandle(d.workflowId).describe();
    expect(described.searchAttributes.TthcDossierCode).toEqual([received.code]);

    const receiptPath = file(await download(`/api/v1/dossiers/${d.id}/forms/receipt`), 'receipt.pdf');
    const receiptText = pdftotext(receiptPath);
    expect(receiptText).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(receiptText).toContain(received.code);
    expect(receiptText).toContain('Phạm Thị Hoa');
    expect(receiptText).toContain('Chứng thực bản sao từ bản chính');

    for (const c of (await components(d.id)).filter((x) => x.required)) await upload(d.id, await pdf(`scan ${c.id}`), { componentId: c.id }, `scan-${c.id}.pdf`);
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_SoHoa')).id)).status).toBe(200);
    expect((await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body.status).toBe(4);
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_DoiChieu')).id)).status).toBe(200);
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_PheDuyet')).id)).status).toBe(200);
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_GhiSo')).id)).status).toBe(200);

    const result = await upload(d.id, await pdf('Ban sao duoc chung thuc tu ban chinh'), { kind: 'result' }, 'ban-sao-chung-thuc.pdf');
    const signed = await officer.call('POST', `/api/v1/documents/${result.id}/sign`, { reason: 'Chứng thực bản sao điện tử' });
    expect(signed.status).toBe(201);
    expect(signed.body.report.valid).toBe(true);
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_KySo')).id)).status).toBe(200);
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_TraKetQua')).id)).status).toBe(200);

    const done = (await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body;
    expect(done.status).toBe(10);
    const progress = (await officer.call('GET', `/api/v1/dossiers/${d.id}/progress`)).body;
    const statuses = progress.items.map((p: { TrangThai: number }) => p.TrangThai);
    expect(statuses).toEqual([1, 2, 4, 9, 10]);
    expect((await officer.call('GET', `/api/v1/dossiers/${d.id}/events/verify`)).body.ok).toBe(true);

    // the control sheet from the event log: one row per hand-over
    const sheetText = pdftotext(file(await download(`/api/v1/dossiers/${d.id}/forms/control-sheet`), 'control-sheet.pdf'));
    expect(sheetText).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(sheetText).toContain(done.code);

    // the signed result: our verifier (above, and again on the stored bytes), pdfsig, pyHanko; its result code
    const docs = (await officer.call('GET', `/api/v1/dossiers/${d.id}/documents`)).body;
    const stored = (docs.items ?? docs).find((x: { kind: string; resultCode?: string }) => x.kind === 'result');
    expect(stored.resultCode).toBe(`${done.code}-KQ1`);
    const signedPath = file(await download(`/api/v1/documents/${stored.id}/content`), 'result.pdf');
    const trust = join(stack.dataDir, 'pki', 'trust-anchor.pem');
    const verify = await tool(process.execPath, [join(repoRoot, 'apps/cli/bin/tthc.js'), 'verify', signedPath, '--trust', trust, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.out.slice(verify.out.indexOf('{'))).valid).toBe(true);
    expect((await tool('pdfsig', [signedPath])).out).toMatch(/Signature is Valid/);
    const hanko = await tool('python3', ['-m', 'pyhanko', 'sign', 'validate', '--pretty-print', '--trust-replace', '--trust', trust, signedPath], {
      ...process.env,
      PYTHONPATH: join(repoRoot, '.tools/python'),
    });
    expect(hanko.out).toMatch(/The signature is judged VALID\./);
    // the visible stamp is in Vietnamese
    expect(pdftotext(signedPath)).toContain('Ký bởi');
  });
});

describe('supplement through the API', () => {
  it('pauses the clock with Mẫu 02; the portal resubmission resumes it and dueAt moves by the paused working time', async () => {
    const d = await submit();
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_TiepNhan')).id, { ketQuaKiemTra: 'bo-sung' })).status).toBe(200);
    const received = (await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body;
    const supplement = await openTask(officer, d.instanceId, 'Task_BoSung');
    // the supplement form requires the missing items (checked against the pinned form before the engine's Mẫu 02 guard)
    const incomplete = await completeVia(officer, supplement.id, { reason: 'Bản sao bị mờ' });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.error.code).toBe('FORM_INVALID');
    expect(incomplete.body.error.details).toEqual([expect.objectContaining({ field: 'missingItems', message: 'Trường này là bắt buộc.' })]);
    expect((await completeVia(officer, supplement.id, { reason: 'Bản sao bị mờ', missingItems: ['Bản sao giấy khai sinh rõ nét'] })).status).toBe(200);
    const paused = (await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body;
    expect(paused.status).toBe(5);
    expect(paused.pausedAt).not.toBeNull();
    const notice = pdftotext(file(await download(`/api/v1/dossiers/${d.id}/forms/supplement`), 'supplement.pdf'));
    expect(notice).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(notice).toContain('Bản sao giấy khai sinh rõ nét');

    expect((await portal.call('POST', `/api/v1/dossiers/${d.id}/resubmission`, { note: 'Đã nộp bản sao rõ nét' })).status).toBeLessThan(300);
    const resumed = await officer.until(async () => {
      const v = (await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body;
      return v.status === 2 && v.pausedAt === null ? v : null;
    }, 'the clock resumed');
    const events = (await officer.call('GET', `/api/v1/dossiers/${d.id}/events`)).body;
    const resume = (events.items ?? events).find((e: { kind: string }) => e.kind === 'clock.resumed');
    expect(resumed.pausedWorkingMs).toBe(resume.payload.pausedWorkingMs);
    expect(resume.payload.previousDueAt).toBe(new Date(received.dueAt).toISOString());
    expect(new Date(resumed.dueAt).toISOString()).toBe(resume.payload.dueAt);
    expect(resumed.originalDueAt).toBe(received.originalDueAt);
    const progress = (await officer.call('GET', `/api/v1/dossiers/${d.id}/progress`)).body.items.map((p: { TrangThai: number }) => p.TrangThai);
    expect(progress).toEqual([1, 2, 5, 2]);
    // back at receipt: the same code
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_TiepNhan')).id)).status).toBe(200);
    expect((await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body.code).toBe(received.code);
  });
});

describe('refusals: through the API and by a direct Temporal update, the task stays open, nothing recorded twice', () => {
  it('refuses receive by an officer of another unit, digitise without the components, return without a signed result', async () => {
    const d = await submit();
    const hctp = await new TestApi(stack.url).login('hctp', 'Demo@12345');
    const receive = await openTask(officer, d.instanceId, 'Task_TiepNhan');

    const wrongUnit = await completeVia(hctp, receive.id);
    expect(wrongUnit.status).toBe(409);
    expect(wrongUnit.body.error.code).toBe('DOSSIER_WRONG_UNIT');
    expect(wrongUnit.body.error.message).toMatch(/bộ phận tiếp nhận/);
    expect((await directUpdate(d.workflowId, receive.id, 'hctp')).code).toBe('DOSSIER_WRONG_UNIT');
    await expectOpen(receive.id);
    expect((await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body.code).toBeNull();

    expect((await completeVia(officer, receive.id)).status).toBe(200);
    const digitise = await openTask(officer, d.instanceId, 'Task_SoHoa');
    const eventsBefore = (await officer.call('GET', `/api/v1/dossiers/${d.id}/events`)).body;
    const missing = await completeVia(officer, digitise.id);
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('DOSSIER_COMPONENT_MISSING');
    expect(missing.body.error.details.items).toHaveLength(2);
    expect((await directUpdate(d.workflowId, digitise.id, 'officer')).code).toBe('DOSSIER_COMPONENT_MISSING');
    await expectOpen(digitise.id);
    expect((await officer.call('GET', `/api/v1/dossiers/${d.id}/events`)).body).toEqual(eventsBefore);

    for (const c of (await components(d.id)).filter((x) => x.required)) await upload(d.id, await pdf(`scan ${c.id}`), { componentId: c.id }, `scan-${c.id}.pdf`);
    expect((await completeVia(officer, digitise.id)).status).toBe(200);
    for (const el of ['Task_DoiChieu', 'Task_PheDuyet', 'Task_GhiSo']) expect((await completeVia(officer, (await openTask(officer, d.instanceId, el)).id)).status).toBe(200);
    const first = await upload(d.id, await pdf('Ket qua'), { kind: 'result' }, 'ket-qua.pdf');
    expect((await officer.call('POST', `/api/v1/documents/${first.id}/sign`, {})).status).toBe(201);
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_KySo')).id)).status).toBe(200);

    const ret = await openTask(officer, d.instanceId, 'Task_TraKetQua');
    await upload(d.id, await pdf('Phu luc'), { kind: 'result' }, 'phu-luc.pdf');
    const unsigned = await completeVia(officer, ret.id);
    expect(unsigned.status).toBe(422);
    expect(unsigned.body.error.code).toBe('DOSSIER_RESULT_UNSIGNED');
    expect((await directUpdate(d.workflowId, ret.id, 'officer')).code).toBe('DOSSIER_RESULT_UNSIGNED');
    await expectOpen(ret.id);
  });

  it('refuses a return whose result signature was tampered with after signing', async () => {
    const d = await submit();
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_TiepNhan')).id)).status).toBe(200);
    for (const c of (await components(d.id)).filter((x) => x.required)) await upload(d.id, await pdf(`scan ${c.id}`), { componentId: c.id }, `scan-${c.id}.pdf`);
    for (const el of ['Task_SoHoa', 'Task_DoiChieu', 'Task_PheDuyet', 'Task_GhiSo']) expect((await completeVia(officer, (await openTask(officer, d.instanceId, el)).id)).status).toBe(200);
    const result = await upload(d.id, await pdf('Ket qua'), { kind: 'result' }, 'ket-qua.pdf');
    const signed = await officer.call('POST', `/api/v1/documents/${result.id}/sign`, {});
    expect(signed.status).toBe(201);
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_KySo')).id)).status).toBe(200);
    // after the sign step: a copy of the signed result with one byte changed inside the signed range is added as a result
    const bytes = await download(`/api/v1/documents/${signed.body.document.id}/content`);
    const at = bytes.indexOf('\n%') + 2;
    bytes[at] ^= 0x01;
    await upload(d.id, bytes, { kind: 'result' }, 'ket-qua-sua.pdf');
    const ret = await openTask(officer, d.instanceId, 'Task_TraKetQua');
    const tampered = await completeVia(officer, ret.id);
    expect(tampered.status).toBe(422);
    expect(tampered.body.error.code).toBe('DOSSIER_SIGNATURE_INVALID');
    expect(tampered.body.error.details.items.map((i: { name: string }) => i.name)).toEqual(['ket-qua-sua.pdf']);
    expect((await directUpdate(d.workflowId, ret.id, 'officer')).code).toBe('DOSSIER_SIGNATURE_INVALID');
    await expectOpen(ret.id);
    const view = (await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body;
    expect(view.status).toBe(4);
    const progress = (await officer.call('GET', `/api/v1/dossiers/${d.id}/progress`)).body.items.map((p: { TrangThai: number }) => p.TrangThai);
    expect(progress).toEqual([1, 2, 4]);
  });
});

import fontkit from '@pdf-lib/fontkit';
import { insertInstance, listAudit, setInstanceState, testDatabaseKinds, verifyAuditChain } from '@tthc/persistence';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFHexString, rgb } from 'pdf-lib';
import { expectErrorBody, startApi, type Harness } from '../../__tests__/support/api-harness';
import { API_CONFIG } from '../../common/tokens';
import type { ApiConfig } from '../../config/api-config';

const FONT = process.env.TTHC_STAMP_FONT ?? '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** A one-page result PDF in Vietnamese (DejaVu embedded, as the signing stamp does). */
async function vietnamesePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(FONT), { subset: true });
  const page = doc.addPage([595, 842]);
  page.drawText('GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ', { x: 60, y: 760, size: 16, font, color: rgb(0, 0, 0) });
  page.drawText('Hồ sơ số 000.00.12.H29-261122-0001 — Sở Tư pháp', { x: 60, y: 730, size: 11, font });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A PDF whose trailer names a Standard security handler (what an encrypted PDF looks like to a reader). */
async function encryptedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  doc.context.trailerInfo.Encrypt = doc.context.register(
    doc.context.obj({ Filter: 'Standard', V: 2, R: 3, Length: 128, P: -3904, O: PDFHexString.of('ab'.repeat(32)), U: PDFHexString.of('cd'.repeat(32)) }),
  );
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

const blobFiles = (h: Harness) => {
  const dir = join(h.api.app.get<ApiConfig>(API_CONFIG).dataDir, 'blobs', 'sha256');
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f))).length : 0;
};

const PYTHON_TOOLS = join(__dirname, '../../../../../.tools/python');

/**
 * An independent validator (installed by `npm test`, scripts/test-setup.mjs); a missing one fails
 * the test. Run asynchronously: the API under test lives in this process and must keep serving.
 */
function validator(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', env }, (err, stdout, stderr) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        reject(new Error(`${cmd} is not installed: run \`node scripts/test-setup.mjs\` or \`npm test\`, which install it`));
      } else resolve(`${stdout}${stderr}`);
    });
  });
}

function form(fields: Record<string, string | { data: Buffer; name: string; type: string }>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') f.append(k, v);
    else f.append(k, new Blob([new Uint8Array(v.data)], { type: v.type }), v.name);
  }
  return f;
}

describe.each(testDatabaseKinds())('documents and signatures over HTTP (%s)', (kind) => {
  let h: Harness;
  let officer: string;
  let officer3: string;
  let officer2: string;
  let auditor: string;
  let instanceId: string;
  let pdf: Buffer;
  const savedMax = process.env.TTHC_MAX_UPLOAD;

  beforeAll(async () => {
    process.env.TTHC_MAX_UPLOAD = '1mb';
    h = await startApi(kind);
    pdf = await vietnamesePdf();
    const admin = await h.login('admin');
    const created = await h.call('POST', '/api/v1/users', {
      token: admin,
      json: { username: 'officer-ky', fullName: 'Lê Văn Ký', password: 'Demo@1234', roles: ['officer'], agency: 'STP', units: ['MOTCUA'] },
    });
    expect(created.status).toBe(201);
    [officer, officer3, officer2, auditor] = await Promise.all([h.login('officer'), h.login('officer-ky', 'Demo@1234'), h.login('officer2'), h.login('auditor')]);
    instanceId = randomUUID();
    // the dossier's projection row (what POST /process-instances writes before starting the workflow)
    await insertInstance(h.api.ds, { id: instanceId, processKey: 'cu-tru', version: 1, definitionId: randomUUID(), variables: {}, agency: 'STP', startedBy: 'officer', workflowId: `pi/${instanceId}` });
  }, 60_000);

  afterAll(async () => {
    if (savedMax === undefined) delete process.env.TTHC_MAX_UPLOAD;
    else process.env.TTHC_MAX_UPLOAD = savedMax;
    await h?.close();
  });

  const upload = (token: string, data: Buffer, name: string, type = 'application/pdf', kind = 'result') =>
    h.call('POST', `/api/v1/process-instances/${instanceId}/documents`, { token, body: form({ kind, file: { data, name, type } }) });

  it('uploads, signs twice (two officers), keeps every version, and each signature verifies — ours and pdfsig', async () => {
    const up = await upload(officer, pdf, 'giấy-xác-nhận.pdf');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ instanceId, kind: 'result', name: 'giấy-xác-nhận.pdf', mediaType: 'application/pdf', sizeBytes: pdf.length, version: 1, isCurrent: true, signatures: { count: 0, valid: false } });

    const list = await h.call('GET', `/api/v1/process-instances/${instanceId}/documents`, { token: officer });
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([up.body.id]);

    const content = await fetch(`${h.url}/api/v1/documents/${up.body.id}/content`, { headers: { authorization: `Bearer ${officer}` } });
    expect(content.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await content.arrayBuffer()).equals(pdf)).toBe(true);

    const first = await h.call('POST', `/api/v1/documents/${up.body.id}/sign`, { token: officer, json: { reason: 'Đã kiểm tra hồ sơ' } });
    expect(first.status).toBe(201);
    expect(first.body.document).toMatchObject({ version: 2, supersedesId: up.body.id, isCurrent: true, signatures: { count: 1, valid: true } });
    expect(first.body.report.valid).toBe(true);
    expect(first.body.report.signatures[0]).toMatchObject({ signer: 'Nguyễn Thị Cán Bộ', intact: true, trusted: true, reason: 'Đã kiểm tra hồ sơ', problems: [] });

    // the superseded version cannot be signed again; it is still there, unchanged
    const stale = await h.call('POST', `/api/v1/documents/${up.body.id}/sign`, { token: officer3, json: {} });
    expectErrorBody(stale, 409, 'CONFLICT');
    expect((await h.call('GET', `/api/v1/documents/${up.body.id}`, { token: officer })).body).toMatchObject({ isCurrent: false, sha256: up.body.sha256 });

    const second = await h.call('POST', `/api/v1/documents/${first.body.document.id}/sign`, { token: officer3, json: { reason: 'Phê duyệt', visible: true } });
    expect(second.status).toBe(201);
    expect(second.body.document).toMatchObject({ version: 3, signatures: { count: 2, valid: true } });
    expect(second.body.report.signatures.map((s: { signer: string; valid: boolean }) => [s.signer, s.valid])).toEqual([
      ['Nguyễn Thị Cán Bộ', true],
      ['Lê Văn Ký', true],
    ]);

    const signedRes = await fetch(`${h.url}/api/v1/documents/${second.body.document.id}/content`, { headers: { authorization: `Bearer ${auditor}` } });
    const signed = Buffer.from(await signedRes.arrayBuffer());
    expect(signed.subarray(0, pdf.length).equals(pdf)).toBe(true); // incremental updates: original bytes untouched

    // the auditor re-verifies the stored version
    const rep = await h.call('GET', `/api/v1/documents/${second.body.document.id}/signatures`, { token: auditor });
    expect(rep.body).toMatchObject({ documentId: second.body.document.id, valid: true });
    expect(rep.body.signatures).toHaveLength(2);

    // anyone can check a file they were given: the same report
    const verified = await h.call('POST', '/api/v1/signatures/verify', { token: officer2, body: form({ file: { data: signed, name: 'ket-qua.pdf', type: 'application/pdf' } }) });
    expect(verified.status).toBe(200);
    expect(verified.body.valid).toBe(true);

    // one changed byte inside the signed range → not valid any more
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('Contents') - 200;
    tampered[at] = tampered[at] === 0x20 ? 0x21 : 0x20;
    const bad = await h.call('POST', '/api/v1/signatures/verify', { token: officer, body: form({ file: { data: tampered, name: 'x.pdf', type: 'application/pdf' } }) });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);

    const dir = mkdtempSync(join(tmpdir(), 'tthc-pdfsig-'));
    try {
      const file = join(dir, 'signed.pdf');
      writeFileSync(file, signed);
      expect((await validator('pdfsig', [file])).match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
      // pyHanko also checks trust: the API's dev PKI root is the only anchor
      const root = join(h.api.app.get<ApiConfig>(API_CONFIG).dataDir, 'pki', 'trust-anchor.pem');
      const v = await validator('python3', ['-m', 'pyhanko', 'sign', 'validate', '--pretty-print', '--trust-replace', '--trust', root, file], { ...process.env, PYTHONPATH: PYTHON_TOOLS });
      expect(v.match(/The signature is judged VALID\./g)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // every version listed on request; the dossier list shows the current one with its status
    const all = await h.call('GET', `/api/v1/process-instances/${instanceId}/documents?versions=all`, { token: auditor });
    expect(all.body.items.map((d: { version: number }) => d.version).sort()).toEqual([1, 2, 3]);
    const current = await h.call('GET', `/api/v1/process-instances/${instanceId}/documents`, { token: auditor });
    expect(current.body.items.find((d: { name: string }) => d.name === 'giấy-xác-nhận.pdf')).toMatchObject({ version: 3, signatures: { count: 2, valid: true } });

    // audit: both signings with hashes and certificates; the chain verifies
    const history = await h.call('GET', `/api/v1/process-instances/${instanceId}/history`, { token: auditor });
    const signings = history.body.events.filter((e: { action: string }) => e.action === 'document.sign');
    expect(signings.map((e: { actor: string; details: Record<string, unknown> }) => [e.actor, e.details.documentId, e.details.sha256Before, e.details.sha256After])).toEqual([
      ['officer', up.body.id, up.body.sha256, first.body.document.sha256],
      ['officer-ky', first.body.document.id, first.body.document.sha256, second.body.document.sha256],
    ]);
    expect(signings[1].details.certificate).toMatchObject({ subject: expect.stringContaining('CN=Lê Văn Ký'), serial: expect.stringMatching(/^[0-9A-F]+$/) });
    expect(await verifyAuditChain(h.api.ds)).toMatchObject({ ok: true });
  }, 120_000);

  it('signs a non-PDF file with a detached CAdES signature stored beside it', async () => {
    const xml = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><toKhai><hoTen>Phạm Thị Dân</hoTen></toKhai>');
    const up = await upload(officer, xml, 'to-khai.xml', 'application/xml', 'component');
    expect(up.body).toMatchObject({ mediaType: 'application/xml', signatures: { count: 0 } });
    const signed = await h.call('POST', `/api/v1/documents/${up.body.id}/sign`, { token: officer, json: {} });
    expect(signed.status).toBe(201);
    expect(signed.body.document).toMatchObject({ id: up.body.id, version: 1, signatures: { count: 1, valid: true } });
    expect(signed.body.signature).toMatchObject({ kind: 'signature', name: 'to-khai.xml.p7s', signsDocumentId: up.body.id, mediaType: 'application/pkcs7-signature' });
    // the .p7s itself reports the signature it holds (over the document it signs)
    const own = await h.call('GET', `/api/v1/documents/${signed.body.signature.id}/signatures`, { token: officer });
    expect(own.body).toMatchObject({ valid: true, signatures: [{ signer: 'Nguyễn Thị Cán Bộ', intact: true }] });
    expect((await h.call('GET', `/api/v1/documents/${signed.body.signature.id}`, { token: officer })).body.signatures).toMatchObject({ count: 1, valid: true });
    const p7s = Buffer.from(await (await fetch(`${h.url}/api/v1/documents/${signed.body.signature.id}/content`, { headers: { authorization: `Bearer ${officer}` } })).arrayBuffer());

    const ok = await h.call('POST', '/api/v1/signatures/verify', { token: officer, body: form({ file: { data: xml, name: 'to-khai.xml', type: 'application/xml' }, signature: { data: p7s, name: 'to-khai.xml.p7s', type: 'application/pkcs7-signature' } }) });
    expect(ok.body).toMatchObject({ valid: true, signatures: [{ signer: 'Nguyễn Thị Cán Bộ', intact: true, trusted: true }] });
    const changed = await h.call('POST', '/api/v1/signatures/verify', { token: officer, body: form({ file: { data: Buffer.from(xml.toString().replace('Dân', 'Dan')), name: 'to-khai.xml', type: 'application/xml' }, signature: { data: p7s, name: 's.p7s', type: 'application/octet-stream' } }) });
    expect(changed.body.valid).toBe(false);
    expect(changed.body.signatures[0].intact).toBe(false);
    const corrupted = await h.call('POST', '/api/v1/signatures/verify', { token: officer, body: form({ file: { data: xml, name: 'to-khai.xml', type: 'application/xml' }, signature: { data: Buffer.from('not a signature'), name: 's.p7s', type: 'application/octet-stream' } }) });
    expectErrorBody(corrupted, 422, 'SIGNING_CORRUPTED_CMS');
  }, 60_000);

  it('of two concurrent signings of one version exactly one wins; the loser leaves nothing behind', async () => {
    const up = await upload(officer, await vietnamesePdf(), 'quyết-định.pdf');
    const blobsBefore = blobFiles(h);
    const results = await Promise.all([officer, officer3].map((t) => h.call('POST', `/api/v1/documents/${up.body.id}/sign`, { token: t, json: {} })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expectErrorBody(results.find((r) => r.status === 409)!, 409, 'CONFLICT');
    const versions = (await h.call('GET', `/api/v1/process-instances/${instanceId}/documents?versions=all`, { token: officer })).body.items.filter((d: { name: string }) => d.name === 'quyết-định.pdf');
    expect(versions.map((d: { version: number }) => d.version).sort()).toEqual([1, 2]);
    expect(blobFiles(h)).toBe(blobsBefore + 1);
  }, 60_000);

  it('an encrypted PDF is kept but cannot be signed: 422, no new version, no audit entry', async () => {
    const up = await upload(officer, await encryptedPdf(), 'mật.pdf');
    expect(up.status).toBe(201);
    expect(up.body.signatures.count).toBe(0);
    const blobsBefore = blobFiles(h);
    const signed = await h.call('POST', `/api/v1/documents/${up.body.id}/sign`, { token: officer, json: {} });
    expectErrorBody(signed, 422, 'SIGNING_ENCRYPTED_PDF');
    expect((await h.call('GET', `/api/v1/documents/${up.body.id}`, { token: officer })).body).toMatchObject({ isCurrent: true, version: 1 });
    expect(blobFiles(h)).toBe(blobsBefore);
    const audit = await listAudit(h.api.ds, { entity: 'process-instance', entityId: instanceId, limit: 1000 });
    expect(audit.filter((e) => e.details.documentId === up.body.id).map((e) => e.action)).toEqual(['document.upload']);
  });

  it("keeps other agencies out: an officer of SXD gets the 404 of an unknown id, nothing written", async () => {
    const notFound = (what: string) => ({ error: { code: 'NOT_FOUND', message: `${what} not found` } });
    const list = await h.call('GET', `/api/v1/process-instances/${instanceId}/documents`, { token: officer2 });
    expectErrorBody(list, 404, 'NOT_FOUND');
    expect(list.body).toEqual(notFound(`process instance ${instanceId}`));
    expect((await upload(officer2, pdf, 'x.pdf')).body).toEqual(notFound(`process instance ${instanceId}`));
    const docs = (await h.call('GET', `/api/v1/process-instances/${instanceId}/documents?versions=all`, { token: officer })).body.items;
    for (const path of [`/api/v1/documents/${docs[0].id}`, `/api/v1/documents/${docs[0].id}/content`, `/api/v1/documents/${docs[0].id}/signatures`]) {
      const res = await h.call('GET', path, { token: officer2 });
      expectErrorBody(res, 404, 'NOT_FOUND');
      expect(res.body).toEqual(notFound(`document ${docs[0].id}`));
    }
    expect((await h.call('POST', `/api/v1/documents/${docs[0].id}/sign`, { token: officer2, json: {} })).body).toEqual(notFound(`document ${docs[0].id}`));
    // auditors read but never sign or upload
    expectErrorBody(await h.call('POST', `/api/v1/documents/${docs[0].id}/sign`, { token: auditor, json: {} }), 403, 'FORBIDDEN');
    expectErrorBody(await upload(auditor, pdf, 'x.pdf'), 403, 'FORBIDDEN');
    const after = (await h.call('GET', `/api/v1/process-instances/${instanceId}/documents?versions=all`, { token: officer })).body.items;
    expect(after).toHaveLength(docs.length);
  });

  it('refuses bad input with clear errors and writes nothing', async () => {
    const blobDir = join(h.api.app.get<ApiConfig>(API_CONFIG).dataDir, 'blobs', 'sha256');
    const blobsBefore = blobFiles(h);
    const before = (await h.call('GET', `/api/v1/process-instances/${instanceId}/documents?versions=all`, { token: officer })).body.items.length;

    expectErrorBody(await upload(officer, Buffer.alloc(1024 * 1024 + 1, 0x41), 'big.pdf'), 413, 'PAYLOAD_TOO_LARGE');
    expectErrorBody(await upload(officer, Buffer.from('hello, not a pdf'), 'fake.pdf'), 422, 'SIGNING_NOT_A_PDF');
    expectErrorBody(await upload(officer, Buffer.from('%PDF-1.7\nthis is not really a pdf'), 'broken.pdf'), 422, 'SIGNING_MALFORMED_PDF');
    expectErrorBody(await h.call('POST', `/api/v1/process-instances/${randomUUID()}/documents`, { token: officer, body: form({ file: { data: pdf, name: 'a.pdf', type: 'application/pdf' } }) }), 404, 'NOT_FOUND');
    expectErrorBody(await h.call('POST', `/api/v1/process-instances/${instanceId}/documents`, { token: officer, body: form({ kind: 'selfie', file: { data: pdf, name: 'a.pdf', type: 'application/pdf' } }) }), 400, 'VALIDATION_FAILED');
    expectErrorBody(await h.call('POST', `/api/v1/documents/${randomUUID()}/sign`, { token: officer, json: {} }), 404, 'NOT_FOUND');
    expectErrorBody(await h.call('GET', '/api/v1/documents/not-a-uuid', { token: officer }), 404, 'NOT_FOUND');

    // a NUL in the name (PostgreSQL cannot store it): 400 before anything is written
    const nul = await h.call('POST', `/api/v1/process-instances/${instanceId}/documents`, { token: officer, body: form({ name: 'giay\u0000.pdf', file: { data: pdf, name: 'a.pdf', type: 'application/pdf' } }) });
    expectErrorBody(nul, 400, 'VALIDATION_FAILED');
    expectErrorBody(await upload(officer, pdf, 'to-khai\u0000.pdf'), 400, 'BAD_REQUEST');

    const corruptPdf = await h.call('POST', '/api/v1/signatures/verify', { token: officer, body: form({ file: { data: Buffer.from('%PDF-1.4\n%garbage without xref'), name: 'c.pdf', type: 'application/pdf' } }) });
    expectErrorBody(corruptPdf, 422, 'SIGNING_MALFORMED_PDF');
    // a fixed sentence, not the PDF parser's internals
    expect(corruptPdf.body.error).toEqual({ code: 'SIGNING_MALFORMED_PDF', message: 'the PDF cannot be read: it is damaged or not a standard PDF' });
    const notPdf = await h.call('POST', '/api/v1/signatures/verify', { token: officer, body: form({ file: { data: Buffer.from('just text'), name: 'c.txt', type: 'text/plain' } }) });
    expectErrorBody(notPdf, 422, 'SIGNING_NOT_A_PDF');
    expectErrorBody(await h.call('POST', '/api/v1/signatures/verify', { token: officer, body: form({ file: { data: Buffer.alloc(1024 * 1024 + 1), name: 'big.pdf', type: 'application/pdf' } }) }), 413, 'PAYLOAD_TOO_LARGE');

    expect((await h.call('GET', `/api/v1/process-instances/${instanceId}/documents?versions=all`, { token: officer })).body.items).toHaveLength(before);
    expect(blobFiles(h)).toBe(blobsBefore);
    expect(existsSync(join(blobDir, '..', 'tmp')) ? readdirSync(join(blobDir, '..', 'tmp')) : []).toEqual([]);
  }, 60_000);

  it('refuses to add or sign documents once the dossier is finished (409), still lets them be read', async () => {
    const closedId = randomUUID();
    await insertInstance(h.api.ds, { id: closedId, processKey: 'cu-tru', version: 1, definitionId: randomUUID(), variables: {}, agency: 'STP', startedBy: 'officer', workflowId: `pi/${closedId}` });
    const up = await h.call('POST', `/api/v1/process-instances/${closedId}/documents`, { token: officer, body: form({ kind: 'result', file: { data: pdf, name: 'kq.pdf', type: 'application/pdf' } }) });
    expect(up.status).toBe(201);
    for (const state of ['COMPLETED', 'TERMINATED', 'CANCELED']) {
      await setInstanceState(h.api.ds, closedId, state as 'COMPLETED');
      const again = await h.call('POST', `/api/v1/process-instances/${closedId}/documents`, { token: officer, body: form({ kind: 'result', file: { data: pdf, name: 'kq2.pdf', type: 'application/pdf' } }) });
      expectErrorBody(again, 409, 'CONFLICT');
      expect(again.body.error.details).toEqual({ state });
      expectErrorBody(await h.call('POST', `/api/v1/documents/${up.body.id}/sign`, { token: officer, json: {} }), 409, 'CONFLICT');
    }
    const list = await h.call('GET', `/api/v1/process-instances/${closedId}/documents?versions=all`, { token: officer });
    expect(list.body.items.map((d: { name: string }) => d.name)).toEqual(['kq.pdf']);
  }, 60_000);
});

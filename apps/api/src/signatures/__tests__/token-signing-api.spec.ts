import type { PreparedTokenSignature, SignAgentCertificate } from '@tthc/contracts';
import { createDossier, inTransaction, insertInstance, SignatureSessionEntity, testDatabaseKinds, upsertProcedure } from '@tthc/persistence';
import { PROCEDURE } from '@tthc/persistence/src/testing/dossier-fixture';
import { initDevPki, loadTrustAnchors, verifyPdf, type DevPkiResult } from '@tthc/signing';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { expectErrorBody, startApi, type Harness } from '../../__tests__/support/api-harness';

/**
 * Signing a dossier document with the officer's own token, end to end: a SoftHSM2 token
 * holding a key generated ON the token with a TEST certificate for the officer
 * (`tthc pki dev-token`), the real `tthc sign-agent` process in front of it, and the real
 * API (prepare → agent signs → complete). The result is checked by our verifier, poppler's
 * pdfsig and pyHanko.
 */
const ROOT = resolve(__dirname, '../../../../..');
const TTHC = join(ROOT, 'apps/cli/bin/tthc.js');
const SOFTHSM_MODULES = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so'];
const PIN = '246810';
const ORIGIN = 'http://localhost:3000';
const PAIRING = 'TEST-PAIR-CODE-0001';
const OFFICER_NAME = 'Nguyễn Thị Cán Bộ'; // the demo user `officer`

/** a tool run without blocking the event loop: the API under test runs in this process */
function tool(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number; out: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'ENOENT' ? new Error(`${cmd} is not installed: run \`node scripts/test-setup.mjs\``) : e));
    child.once('close', (status) => ok({ status: status ?? -1, out }));
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...env } });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error(`${cmd} is not installed: run \`node scripts/test-setup.mjs\``);
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe.each(testDatabaseKinds())('officer-held token: prepare → tthc sign-agent on SoftHSM2 → complete (%s)', (kind) => {
  const saved = { ...process.env };
  let dir: string;
  let pki: DevPkiResult;
  let h: Harness;
  let agent: ChildProcess;
  let agentUrl: string;
  let dossierId: string;
  let docId: string;
  let officer: string;

  const agentCall = async (method: string, path: string, opts: { json?: unknown; origin?: string; pairing?: string | null } = {}) => {
    const headers: Record<string, string> = {};
    if (opts.pairing !== null) headers.authorization = `Bearer ${opts.pairing ?? PAIRING}`;
    if (opts.origin) headers.origin = opts.origin;
    if (opts.json) headers['content-type'] = 'application/json';
    const res = await fetch(`${agentUrl}${path}`, { method, headers, body: opts.json ? JSON.stringify(opts.json) : undefined });
    return { status: res.status, headers: res.headers, body: await res.json() };
  };

  async function addResult(name: string): Promise<string> {
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText(`Ket qua ${name}`, { x: 50, y: 700, font: await pdf.embedFont(StandardFonts.Helvetica) });
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(await pdf.save())], { type: 'application/pdf' }), `${name}.pdf`);
    form.append('kind', 'result');
    const up = await h.call('POST', `/api/v1/dossiers/${dossierId}/documents`, { token: officer, body: form });
    expect(up.status).toBe(201);
    return up.body.id;
  }

  async function certificate(): Promise<SignAgentCertificate> {
    const list = await agentCall('GET', '/v1/certificates', { origin: ORIGIN });
    expect(list.status).toBe(200);
    return (list.body.certificates as SignAgentCertificate[]).find((c) => c.commonName === OFFICER_NAME)!;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tthc-token-'));
    pki = await initDevPki(join(dir, 'pki'));
    const module = SOFTHSM_MODULES.find((p) => existsSync(p));
    if (!module) throw new Error('SoftHSM2 is not installed (Debian package softhsm2): run `node scripts/test-setup.mjs`');
    // a fresh SoftHSM2 token in the temp dir, with the officer's key generated on it
    mkdirSync(join(dir, 'tokens'));
    const conf = join(dir, 'softhsm2.conf');
    writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    const init = run('softhsm2-util', ['--init-token', '--free', '--label', 'usb-token', '--pin', PIN, '--so-pin', '13579246'], { SOFTHSM2_CONF: conf });
    const slot = /reassigned to slot (\d+)/.exec(init.out)?.[1];
    if (init.status !== 0 || !slot) throw new Error(`softhsm2-util failed: ${init.out}`);
    const token = run(process.execPath, [TTHC, 'pki', 'dev-token', '--pki', pki.dir, '--pkcs11-module', module, '--slot', slot, '--pin', PIN, '--key-label', 'can-bo', '--name', OFFICER_NAME, '--agency', 'Sở Tư pháp (thử nghiệm)', '--json'], { SOFTHSM2_CONF: conf });
    expect(token.status).toBe(0);

    agent = spawn(process.execPath, [TTHC, 'sign-agent', '--pkcs11-module', module, '--port', '0', '--origin', ORIGIN, '--pairing-code', PAIRING, '--json'], {
      cwd: ROOT,
      env: { ...process.env, SOFTHSM2_CONF: conf, TTHC_PIN: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const first = await new Promise<string>((ok, fail) => {
      createInterface({ input: agent.stdout! }).once('line', ok);
      agent.once('exit', (code) => fail(new Error(`sign-agent exited ${code}`)));
    });
    agentUrl = JSON.parse(first).url;

    Object.assign(process.env, { TTHC_TRUST_ANCHORS: pki.trustAnchor });
    h = await startApi(kind);
    officer = await h.login('officer');
    // the shared chứng thực procedure, without components or fees: only the signing matters here
    await upsertProcedure(h.api.ds, { ...PROCEDURE, fees: [], components: [], resultDocuments: [{ name: 'Bản sao được chứng thực' }], legalBasis: [] });
    const instanceId = randomUUID();
    await insertInstance(h.api.ds, { id: instanceId, processKey: 'chung-thuc-ban-sao', version: 1, definitionId: randomUUID(), variables: {}, agency: 'STP', workflowId: `dossier/${instanceId}` });
    dossierId = randomUUID();
    await inTransaction(h.api.ds, (m) =>
      createDossier(m, {
        id: dossierId,
        procedureCode: '2.000815',
        components: [],
        processKey: 'chung-thuc-ban-sao',
        definitionId: randomUUID(),
        definitionVersion: 1,
        instanceId,
        agency: 'STP',
        receivingUnit: 'MOTCUA',
        channel: 2,
        applicant: { type: 1, name: 'Lê Văn Dân', idNumber: '001090099999', address: 'Hưng Yên', phone: null, email: null },
        summary: 'Chứng thực bản sao',
        submittedAt: new Date(),
        createdBy: 'portal',
        progress: { actor: 'portal', handler: 'Cổng dịch vụ công', handlerTitle: 'Hệ thống', unitName: 'Bộ phận Một cửa', content: 'Nộp hồ sơ trực tuyến' },
      }),
    );
    docId = await addResult('ket-qua');
  }, 300_000);

  afterAll(async () => {
    if (saved.TTHC_TRUST_ANCHORS === undefined) delete process.env.TTHC_TRUST_ANCHORS;
    else process.env.TTHC_TRUST_ANCHORS = saved.TTHC_TRUST_ANCHORS;
    agent?.kill('SIGTERM');
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the agent answers only the configured web origin with the pairing code', async () => {
    expect((await agentCall('GET', '/v1/status', { pairing: null, origin: ORIGIN })).body).toMatchObject({ protocol: 'tthc-sign-agent/1' });
    const other = await agentCall('GET', '/v1/certificates', { origin: 'http://evil.example' });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('AGENT_ORIGIN_NOT_ALLOWED');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const unpaired = await agentCall('GET', '/v1/certificates', { origin: ORIGIN, pairing: 'WRONG-CODE' });
    expect(unpaired.status).toBe(401);
    expect(unpaired.body.error.code).toBe('AGENT_UNAUTHORIZED');
    const list = await agentCall('GET', '/v1/certificates', { origin: ORIGIN });
    expect(list.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    // the officer's certificate; the issuing CA certificate stored beside it is not offered for signing
    expect(list.body.certificates).toEqual([expect.objectContaining({ commonName: OFFICER_NAME, tokenLabel: 'usb-token', label: 'can-bo' })]);
    // it is not a signing oracle: only DER signed attributes are signed
    const junk = await agentCall('POST', '/v1/sign', { origin: ORIGIN, json: { certificateId: list.body.certificates[0].id, data: Buffer.from('any text').toString('base64'), pin: PIN } });
    expect(junk.status).toBe(400);
  });

  it('a wrong PIN is refused by the token with SIGNING_WRONG_PIN', async () => {
    const cert = await certificate();
    const prep = await h.call('POST', `/api/v1/dossiers/${dossierId}/documents/${docId}/signatures/prepare`, { token: officer, json: { certificate: cert.certificate } });
    expect(prep.status).toBe(201);
    const signed = await agentCall('POST', '/v1/sign', { origin: ORIGIN, json: { certificateId: cert.id, data: prep.body.signedAttributes, pin: '000000' } });
    expect(signed.status).toBe(422);
    expect(signed.body.error.code).toBe('SIGNING_WRONG_PIN');
  });

  it('a certificate that is not the officer’s is refused at prepare (422 SIGNER_MISMATCH)', async () => {
    const admin = await h.login('admin');
    const created = await h.call('POST', '/api/v1/users', { token: admin, json: { username: 'officer7', fullName: 'Phạm Văn Bảy', password: 'Demo@1234', roles: ['officer'], agency: 'STP', units: ['MOTCUA'] } });
    expect(created.status).toBe(201);
    const other = await h.login('officer7', 'Demo@1234');
    const cert = await certificate();
    const res = await h.call('POST', `/api/v1/dossiers/${dossierId}/documents/${docId}/signatures/prepare`, { token: other, json: { certificate: cert.certificate } });
    expectErrorBody(res, 422, 'SIGNER_MISMATCH');
  });

  it('signs through the agent; verifies with our verifier, pdfsig and pyHanko; stored with its event; completes once', async () => {
    const cert = await certificate();
    const prep = await h.call('POST', `/api/v1/dossiers/${dossierId}/documents/${docId}/signatures/prepare`, {
      token: officer,
      json: { certificate: cert.certificate, reason: 'Ký số kết quả giải quyết' },
    });
    expect(prep.status).toBe(201);
    const prepared = prep.body as PreparedTokenSignature;
    expect(prepared).toMatchObject({ documentId: docId, algorithm: 'RSASSA-PKCS1-v1_5-SHA256', digestAlgorithm: 'SHA-256' });

    const signed = await agentCall('POST', '/v1/sign', { origin: ORIGIN, json: { certificateId: cert.id, data: prepared.signedAttributes, pin: PIN } });
    expect(signed.status).toBe(200);
    const done = await h.call('POST', `/api/v1/dossiers/${dossierId}/documents/${docId}/signatures/complete`, {
      token: officer,
      json: { handle: prepared.handle, signature: signed.body.signature, chain: signed.body.chain },
    });
    expect(done.status).toBe(201);
    expect(done.body.report).toMatchObject({ valid: true, signatures: [{ signer: OFFICER_NAME, trusted: true, intact: true }] });
    expect(done.body.document).toMatchObject({ version: 2, supersedesId: docId, dossierId, isCurrent: true, kind: 'result', signatures: { count: 1, valid: true } });

    // the dossier's event, written with the version
    const events = await h.call('GET', `/api/v1/dossiers/${dossierId}/events`, { token: officer });
    const ev = (events.body.items ?? events.body).find((e: { kind: string }) => e.kind === 'document.signed');
    expect(ev.payload).toMatchObject({ documentId: docId, newDocumentId: done.body.document.id, keyHolder: 'officer-token', sha256After: done.body.document.sha256 });

    // the same handle a second time
    const again = await h.call('POST', `/api/v1/dossiers/${dossierId}/documents/${docId}/signatures/complete`, {
      token: officer,
      json: { handle: prepared.handle, signature: signed.body.signature },
    });
    expectErrorBody(again, 409, 'SIGNATURE_ALREADY_COMPLETED');

    // the stored bytes: our verifier, pdfsig, pyHanko
    const content = await fetch(`${h.url}/api/v1/documents/${done.body.document.id}/content`, { headers: { authorization: `Bearer ${officer}` } });
    const bytes = Buffer.from(await content.arrayBuffer());
    const file = join(dir, 'signed.pdf');
    writeFileSync(file, bytes);
    expect((await verifyPdf(bytes, { trustAnchors: await loadTrustAnchors([pki.trustAnchor]) })).valid).toBe(true);
    expect((await tool('pdfsig', [file])).out).toMatch(/Signature is Valid/);
    const hanko = await tool('python3', ['-m', 'pyhanko', 'sign', 'validate', '--pretty-print', '--trust-replace', '--trust', pki.trustAnchor, file], { PYTHONPATH: join(ROOT, '.tools/python') });
    expect(hanko.out).toMatch(/The signature is judged VALID\./);
  });

  it('a signature over other data is refused (422 SIGNATURE_INVALID) and nothing is stored', async () => {
    const id = await addResult('ket-qua-2');
    const cert = await certificate();
    const prepare = (reason: string) => h.call('POST', `/api/v1/dossiers/${dossierId}/documents/${id}/signatures/prepare`, { token: officer, json: { certificate: cert.certificate, visible: false, reason } });
    const first = (await prepare('Lần một')).body as PreparedTokenSignature;
    const second = (await prepare('Lần hai')).body as PreparedTokenSignature;
    expect(second.signedAttributes).not.toBe(first.signedAttributes);
    // the token signs the first preparation's bytes; they are sent to complete the second
    const signed = await agentCall('POST', '/v1/sign', { origin: ORIGIN, json: { certificateId: cert.id, data: first.signedAttributes, pin: PIN } });
    expect(signed.status).toBe(200);
    const res = await h.call('POST', `/api/v1/dossiers/${dossierId}/documents/${id}/signatures/complete`, { token: officer, json: { handle: second.handle, signature: signed.body.signature } });
    expectErrorBody(res, 422, 'SIGNATURE_INVALID');
    expect((await h.call('GET', `/api/v1/documents/${id}`, { token: officer })).body).toMatchObject({ isCurrent: true, version: 1 });
    // another officer cannot use this officer's handle
    const other = await h.login('officer7', 'Demo@1234');
    const foreign = await h.call('POST', `/api/v1/dossiers/${dossierId}/documents/${id}/signatures/complete`, { token: other, json: { handle: first.handle, signature: signed.body.signature } });
    expectErrorBody(foreign, 404, 'SIGNATURE_SESSION_NOT_FOUND');
    // an expired handle (its time passed: moved into the past in the database)
    await h.api.ds.getRepository(SignatureSessionEntity).update({ id: first.handle }, { expiresAt: new Date(Date.now() - 1000) });
    const late = await h.call('POST', `/api/v1/dossiers/${dossierId}/documents/${id}/signatures/complete`, { token: officer, json: { handle: first.handle, signature: signed.body.signature } });
    expectErrorBody(late, 410, 'SIGNATURE_SESSION_EXPIRED');
    expect((await h.call('GET', `/api/v1/documents/${id}`, { token: officer })).body).toMatchObject({ isCurrent: true, version: 1 });
  });
});

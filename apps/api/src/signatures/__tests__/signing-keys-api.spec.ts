import { insertInstance } from '@tthc/persistence';
import { initDevPki, type DevPkiResult } from '@tthc/signing';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { expectErrorBody, startApi, type Harness } from '../../__tests__/support/api-harness';
import { API_CONFIG } from '../../common/tokens';
import type { ApiConfig } from '../../config/api-config';

/**
 * Production-style key configuration: trust anchors configured (so no dev PKI is made)
 * and TTHC_SIGNER_KEYS naming each officer's key; secrets come from env variables.
 */
describe('signing keys from TTHC_SIGNER_KEYS (sqlite)', () => {
  const saved = { ...process.env };
  let dir: string;
  let pki: DevPkiResult;
  let h: Harness;
  let instanceId: string;
  let docId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tthc-keys-'));
    pki = await initDevPki(join(dir, 'pki'));
    const officerP12 = pki.signers.find((s) => s.role === 'officer')!.p12;
    const keys = join(dir, 'keys.json');
    writeFileSync(keys, JSON.stringify({ officer: { p12: officerP12, passwordEnv: 'TEST_OFFICER_P12' }, officer2: { p12: officerP12, passwordEnv: 'TEST_WRONG_P12' } }));
    Object.assign(process.env, { TTHC_TRUST_ANCHORS: pki.trustAnchor, TTHC_SIGNER_KEYS: keys, TEST_OFFICER_P12: pki.password, TEST_WRONG_P12: 'not-the-password' });
    h = await startApi('sqlite');
    instanceId = randomUUID();
    // an agency-less process: officers of any agency may work on it
    await insertInstance(h.api.ds, { id: instanceId, processKey: 'chung', version: 1, definitionId: randomUUID(), variables: {}, agency: null, workflowId: `pi/${instanceId}` });
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Thong bao', { x: 50, y: 700, font: await doc.embedFont(StandardFonts.Helvetica) });
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(await doc.save())], { type: 'application/pdf' }), 'thong-bao.pdf');
    form.append('kind', 'notice');
    const up = await h.call('POST', `/api/v1/process-instances/${instanceId}/documents`, { token: await h.login('officer'), body: form });
    expect(up.status).toBe(201);
    docId = up.body.id;
  }, 60_000);

  afterAll(async () => {
    for (const k of ['TTHC_TRUST_ANCHORS', 'TTHC_SIGNER_KEYS', 'TEST_OFFICER_P12', 'TEST_WRONG_P12']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a wrong key password is a 409 with the library code, nothing written', async () => {
    const res = await h.call('POST', `/api/v1/documents/${docId}/sign`, { token: await h.login('officer2'), json: {} });
    expectErrorBody(res, 409, 'SIGNING_WRONG_PASSWORD');
    expect((await h.call('GET', `/api/v1/documents/${docId}`, { token: await h.login('officer') })).body).toMatchObject({ isCurrent: true, version: 1 });
  });

  it('an officer without a configured key gets 409 SIGNING_KEY_NOT_FOUND (no dev PKI in production)', async () => {
    const admin = await h.login('admin');
    const created = await h.call('POST', '/api/v1/users', { token: admin, json: { username: 'officer9', fullName: 'Đỗ Văn Chín', password: 'Demo@1234', roles: ['officer'], agency: 'STP', units: [] } });
    expect(created.status).toBe(201);
    const res = await h.call('POST', `/api/v1/documents/${docId}/sign`, { token: await h.login('officer9', 'Demo@1234'), json: {} });
    expectErrorBody(res, 409, 'SIGNING_KEY_NOT_FOUND');
    expect(existsSync(join(h.api.app.get<ApiConfig>(API_CONFIG).dataDir, 'pki'))).toBe(false);
  });

  it('signs with the configured key and verifies against the configured anchor', async () => {
    const res = await h.call('POST', `/api/v1/documents/${docId}/sign`, { token: await h.login('officer'), json: { visible: false } });
    expect(res.status).toBe(201);
    expect(res.body.report).toMatchObject({ valid: true, signatures: [{ signer: 'Nguyễn Văn An', trusted: true }] });
  });
});

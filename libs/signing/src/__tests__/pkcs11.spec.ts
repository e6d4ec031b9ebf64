import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { exportPkcs8, SigningErrorCode, verifyDetached, verifyPdf } from '..';
import { OFFICER, samplePdf, tempDir, testPki, TestPki } from './helpers/fixtures';
import { initSoftHsmToken, pkcs11Worker } from './helpers/softhsm';
import { pdfsig, pyhankoValidate, softHsmModule } from './helpers/tools';

const PIN = '123456';

// SoftHSM2 is installed by `npm test` (scripts/test-setup.mjs); without it these tests fail.
describe('PKCS#11 signing on a SoftHSM2 token', () => {
  let dir: string;
  let pki: TestPki;
  let slot: number;
  let module: string;
  const token = (cmd: Record<string, unknown>) => pkcs11Worker(dir, { module, slot, pin: PIN, label: 'nguyen-van-an', ...cmd });

  beforeAll(async () => {
    module = softHsmModule();
    dir = tempDir('tthc-softhsm-');
    pki = await testPki(dir);
    slot = initSoftHsmToken(dir, 'officer-token', PIN);
    const issuerCert = path.join(dir, 'agency.der');
    const issuerKey = path.join(dir, 'agency.p8');
    writeFileSync(issuerCert, new Uint8Array(pki.agency.certificate.rawData));
    writeFileSync(issuerKey, await exportPkcs8(pki.agency.keys.privateKey));
    expect(token({ action: 'provision', issuerCert, issuerKey, subject: OFFICER })).toEqual({ ok: true });
  });

  it('keeps the private key on the token: sensitive and not extractable', () => {
    const key = token({ action: 'inspect-key' });
    expect(key).toMatchObject({ keys: 1, sensitive: 1, extractable: 0 });
    expect(key.privateExponent).toMatch(/CKR_ATTRIBUTE_SENSITIVE/);
  });

  it('signs a PDF with C_Sign on the token; valid for us, pdfsig and pyHanko', async () => {
    const input = path.join(dir, 'in.pdf');
    const output = path.join(dir, 'token-signed.pdf');
    writeFileSync(input, await samplePdf());
    expect(token({ action: 'sign-pdf', input, output })).toEqual({ ok: true });
    const report = await verifyPdf(readFileSync(output), { trustAnchors: pki.anchors });
    expect(report.valid).toBe(true);
    expect(report.signatures[0]).toMatchObject({ signer: 'Nguyễn Văn An', trusted: true, reason: 'Ký bằng USB token' });
    expect(pdfsig(output).out).toMatch(/Signature is Valid/);
    expect(pyhankoValidate(output, pki.rootPem).out).toMatch(/The signature is judged VALID\./);
  });

  it('signs a detached CAdES signature, addressing the token by slot index', async () => {
    const input = path.join(dir, 'hoso.xml');
    const output = path.join(dir, 'hoso.xml.p7s');
    writeFileSync(input, '<hoSo ma="H00-0001"/>');
    expect(token({ action: 'sign-detached', slot: 0, input, output })).toEqual({ ok: true });
    expect((await verifyDetached(readFileSync(input), readFileSync(output), { trustAnchors: pki.anchors })).valid).toBe(true);
  });

  it('rejects a wrong PIN with a clear error and writes nothing', () => {
    const output = path.join(dir, 'never.pdf');
    const r = token({ action: 'sign-pdf', pin: '000000', input: path.join(dir, 'in.pdf'), output });
    expect(r.error).toEqual({ code: SigningErrorCode.WRONG_PIN, message: 'Wrong PIN for the token' });
    expect(existsSync(output)).toBe(false);
  });

  it('reports a missing key label, an empty slot and a missing module', () => {
    expect(token({ action: 'open', label: 'nobody' }).error).toMatchObject({ code: SigningErrorCode.KEY_NOT_FOUND, message: expect.stringContaining('"nobody"') });
    expect(token({ action: 'open', slot: 42 }).error).toMatchObject({ code: SigningErrorCode.KEY_NOT_FOUND, message: expect.stringContaining('slot 42') });
    expect(token({ action: 'open', module: '/nonexistent/libp11.so' }).error).toMatchObject({ code: SigningErrorCode.TOKEN_ERROR });
  });
});

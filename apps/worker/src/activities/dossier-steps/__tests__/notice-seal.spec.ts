/**
 * Agency seal on generated notices: the step guard (real activity, real database — PostgreSQL
 * when DATABASE_URL is set, else SQLite — real dev PKI, real PAdES) stores Mẫu 01 and Mẫu 04
 * sealed with the issuing agency's key; our verifier and poppler's pdfsig both accept the
 * stored bytes and name the agency's seal certificate as the signer.
 */
import { upsertAgency } from '@tthc/persistence';
import { openAgencySeal, verifyPdf } from '@tthc/signing';
import { execFileSync } from 'node:child_process';
import { randomUUID, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { guardStepActivity } from '..';
import { openStepWorld, stepInput as step, type StepWorld } from './step-world';

jest.setTimeout(120_000);

let world: StepWorld;
let guardStep: ReturnType<typeof guardStepActivity>;

beforeAll(async () => {
  world = await openStepWorld('notice-seal');
  guardStep = guardStepActivity(world.deps);
  await upsertAgency(world.db.ds, { code: 'SXD', name: 'Sở Xây dựng' });
});

afterAll(() => world?.close());

async function sealCertificate(code: string, name: string): Promise<X509Certificate> {
  const provider = await openAgencySeal({ code, name }, await world.deps.signing());
  try {
    return new X509Certificate(Buffer.from((await provider.certificateChain())[0]));
  } finally {
    await provider.close?.();
  }
}

/** the signer certificate inside the PDF's (only) CMS, read by openssl from the bytes of `/Contents` */
function signerCertificateOf(bytes: Buffer): X509Certificate {
  const hex = [...bytes.toString('latin1').matchAll(/\/Contents\s*<([0-9a-fA-F]{1000,})>/g)].map((m) => m[1]);
  expect(hex).toHaveLength(1);
  let der = Buffer.from(hex[0], 'hex');
  // the reserved space is zero-padded: cut at the end of the outer DER SEQUENCE (long form length)
  const n = der[1] & 0x7f;
  der = der.subarray(0, 2 + n + der.subarray(2, 2 + n).reduce((a, b) => a * 256 + b, 0));
  const cms = join(world.dir, `${randomUUID()}.p7s`);
  writeFileSync(cms, der);
  const pem = execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-in', cms, '-print_certs'], { encoding: 'utf8' });
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const leaf = certs.map((c) => new X509Certificate(c)).find((c) => !c.ca);
  if (!leaf) throw new Error('no end-entity certificate in the CMS');
  return leaf;
}

describe('agency seal on the notices the step guard issues', () => {
  it('the stored Mẫu 01 of a received dossier verifies with our verifier and pdfsig, signed by the agency seal certificate', async () => {
    const now = new Date();
    const id = await world.file(new Date(now.getTime() - 60_000));
    const r = await guardStep(step(id, 'receive', now));
    expect(r.formDocumentId).toBeDefined();
    const { bytes, path, doc } = await world.stored(r.formDocumentId!);
    expect(doc.form).toBe('receipt');

    const report = await verifyPdf(bytes, await world.deps.signing());
    expect(report.valid).toBe(true);
    expect(report.signatures).toHaveLength(1);
    const [sig] = report.signatures;
    expect(sig).toMatchObject({ signer: 'Sở Tư pháp', intact: true, signatureValid: true, trusted: true, coversWholeDocument: true });
    expect(sig.reason).toBe('Phát hành Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    expect(sig.signedAt).toBe(now.toISOString().replace(/\.\d{3}Z$/, '.000Z'));

    const pdfsig = execFileSync('pdfsig', [path], { encoding: 'utf8' });
    expect(pdfsig).toContain('Signer Certificate Common Name: Sở Tư pháp');
    expect(pdfsig.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(1);
    expect(pdfsig).toContain('Signature Type: ETSI.CAdES.detached');

    // the signer is exactly the agency's seal certificate, not an officer's nor another agency's
    const seal = await sealCertificate('STP', 'Sở Tư pháp');
    const signer = signerCertificateOf(bytes);
    expect(signer.fingerprint256).toBe(seal.fingerprint256);
    expect(signer.fingerprint256).not.toBe((await sealCertificate('SXD', 'Sở Xây dựng')).fingerprint256);
    expect(seal.subject).toContain('O=Sở Tư pháp');

    // the sealed notice is still the readable form
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain(r.dossierCode!);
  });

  it('Mẫu 04 is sealed into the agency head box (ky-agency-head)', async () => {
    const now = new Date();
    const id = await world.file(new Date(now.getTime() - 60_000));
    await guardStep({ ...step(id, 'receive', now), statutoryDays: 5 });
    const at = new Date(now.getTime() + 1000);
    const r = await guardStep(step(id, 'apology', at, { reason: 'Chờ xác minh bản chính', newDueAt: new Date(now.getTime() + 30 * 86_400_000).toISOString() }));
    const { bytes, path } = await world.stored(r.formDocumentId!);
    const report = await verifyPdf(bytes, await world.deps.signing());
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => [s.field, s.signer])).toEqual([['ky-agency-head', 'Sở Tư pháp']]);
    expect(execFileSync('pdfsig', [path], { encoding: 'utf8' })).toContain('Signature Validation: Signature is Valid.');
  });
});

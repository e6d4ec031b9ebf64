import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { signPdf, SigningErrorCode, verifyPdf } from '..';
import { OFFICER, samplePdf, tempDir, testPki, TestPki } from './helpers/fixtures';
import { pdfsig, pyhankoValidate } from './helpers/tools';
import { startTsa, TestTsa } from './helpers/tsa-server';

describe('PAdES B-T with an RFC 3161 time-stamp authority', () => {
  let dir: string;
  let pki: TestPki;
  let tsa: TestTsa;
  // Two hours ago: inside the test CAs' validity, and clearly not the claimed time (now).
  const tsaTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * 3600_000);
  let pdf: Uint8Array;
  let file: string;

  beforeAll(async () => {
    dir = tempDir();
    pki = await testPki(dir);
    tsa = await startTsa(pki.root, tsaTime);
    pdf = (await signPdf(await samplePdf(), { provider: await pki.provider(OFFICER), tsaUrl: tsa.url, reason: 'Ký số kết quả' })).pdf;
    file = path.join(dir, 'bt.pdf');
    writeFileSync(file, pdf);
  });
  afterAll(() => tsa.close());

  it('asks the TSA once and reports the time from the token', async () => {
    expect(tsa.requests).toBe(1);
    const report = await verifyPdf(pdf, { trustAnchors: pki.anchors });
    expect(report.valid).toBe(true);
    expect(report.signatures[0]).toMatchObject({ timestamped: true, timeSource: 'timestamp', signedAt: tsaTime.toISOString() });
  });

  it('checks validity at the time-stamped time: a certificate not yet valid then is reported', async () => {
    const lateTsa = await startTsa(pki.root, new Date(Date.now() - 3 * 3600_000));
    try {
      const provider = await pki.provider(OFFICER, { notBefore: new Date(Date.now() - 3600_000) });
      const signed = await signPdf(await samplePdf(), { provider, tsaUrl: lateTsa.url });
      const [sig] = (await verifyPdf(signed.pdf, { trustAnchors: pki.anchors })).signatures;
      expect(sig.trusted).toBe(false);
      expect(sig.problems.map((p) => p.code)).toContain('CERT_NOT_YET_VALID');
    } finally {
      await lateTsa.close();
    }
  });

  it('is valid for pdfsig', () => {
    expect(pdfsig(file).out).toMatch(/Signature is Valid/);
  });

  it('pyHanko validates the signature and its time-stamp token', () => {
    const r = pyhankoValidate(file, pki.rootPem);
    expect(r.out).toMatch(/The signature is judged VALID\./);
    expect(r.out).toContain(`Signature timestamp token: ${tsaTime.toISOString().slice(0, 19)}`);
    expect(r.out).toMatch(/The timestamp token is cryptographically sound\./);
    expect(r.out).toMatch(/The TSA certificate is trusted\./);
  });

  it('fails with a clear error when the TSA is unreachable', async () => {
    await expect(signPdf(await samplePdf(), { provider: await pki.provider(OFFICER), tsaUrl: 'http://127.0.0.1:9/tsa' })).rejects.toMatchObject({
      code: SigningErrorCode.TIMESTAMP_FAILED,
      message: expect.stringContaining('did not answer'),
    });
  });
});

import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as pkijs from 'pkijs';
import { signDetached, verifyDetached } from '..';
import { OFFICER, tempDir, testPki, TestPki } from './helpers/fixtures';
import { run } from './helpers/tools';
import { startTsa } from './helpers/tsa-server';

describe('detached CAdES for non-PDF files', () => {
  let dir: string;
  let pki: TestPki;
  const data = new TextEncoder().encode('<?xml version="1.0"?><hoSo ma="000.00.00.H00-261122-0001"><chuHoSo>Lê Thị Cúc</chuHoSo></hoSo>');
  let p7s: Uint8Array;

  beforeAll(async () => {
    dir = tempDir();
    pki = await testPki(dir);
    p7s = await signDetached(data, { provider: await pki.provider(OFFICER) });
  });

  it('verifies, with the signing time from the signed attributes', async () => {
    const report = await verifyDetached(data, p7s, { trustAnchors: pki.anchors });
    expect(report.valid).toBe(true);
    expect(report.signatures[0]).toMatchObject({ field: 'detached', signer: 'Nguyễn Văn An', timeSource: 'claimed', trusted: true });
  });

  it('detects one changed byte of the data', async () => {
    const changed = Uint8Array.from(data);
    changed[20] ^= 1;
    const report = await verifyDetached(changed, p7s, { trustAnchors: pki.anchors });
    expect(report.valid).toBe(false);
    expect(report.signatures[0].problems.map((p) => p.code)).toEqual(['DIGEST_MISMATCH']);
  });

  it('is accepted by OpenSSL as an independent validator, and rejected after a change', () => {
    const dataFile = path.join(dir, 'hoso.xml');
    const sigFile = path.join(dir, 'hoso.xml.p7s');
    writeFileSync(dataFile, data);
    writeFileSync(sigFile, p7s);
    const verify = () =>
      run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigFile, '-content', dataFile, '-CAfile', pki.rootPem, '-purpose', 'any', '-out', '/dev/null']);
    const ok = verify();
    expect(ok.out).toMatch(/Verification successful/);
    writeFileSync(dataFile, Buffer.concat([Buffer.from(data), Buffer.from(' ')]));
    const bad = verify();
    expect(bad.status).not.toBe(0);
    expect(bad.out).toMatch(/Verification failure|digest failure/i);
  });

  // the CMS is assembled from parts encoded once per signer (cms-builder.ts): it must stay the
  // canonical DER a CMS library writes, field for field
  const reencoded = (der: Uint8Array) => {
    const info = pkijs.ContentInfo.fromBER(Uint8Array.from(der).buffer);
    const signedData = new pkijs.SignedData({ schema: info.content });
    return new Uint8Array(new pkijs.ContentInfo({ contentType: info.contentType, content: signedData.toSchema(true) }).toSchema().toBER());
  };

  it('is the DER pkijs writes for the same SignedData (parsed and encoded again: the same bytes)', () => {
    expect(Buffer.from(reencoded(p7s)).equals(Buffer.from(p7s))).toBe(true);
  });

  it('can be time-stamped (B-T)', async () => {
    const tsa = await startTsa(pki.root);
    try {
      const stamped = await signDetached(data, { provider: await pki.provider(OFFICER), tsaUrl: tsa.url });
      expect(Buffer.from(reencoded(stamped)).equals(Buffer.from(stamped))).toBe(true);
      const report = await verifyDetached(data, stamped, { trustAnchors: pki.anchors });
      expect(report.valid).toBe(true);
      expect(report.signatures[0]).toMatchObject({ timestamped: true, timeSource: 'timestamp' });
    } finally {
      await tsa.close();
    }
  });
});

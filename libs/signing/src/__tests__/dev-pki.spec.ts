import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { ensureDevPki, initDevPki, loadTrustAnchors, Pkcs12KeyProvider, signPdf, verifyPdf } from '..';
import { samplePdf, tempDir } from './helpers/fixtures';

describe('development PKI', () => {
  it('creates a root trust anchor, an agency CA and PKCS#12 files for officers and the agency seal, all marked TEST', async () => {
    const dir = tempDir();
    const pki = await initDevPki(dir, { password: 'secret' });
    const [root] = await loadTrustAnchors([pki.trustAnchor]);
    expect(new X509Certificate(Buffer.from(root)).subject).toContain('TEST CERTIFICATE - NOT FOR PRODUCTION');
    expect(pki.signers.map((s) => s.role)).toEqual(['officer', 'officer', 'agency-seal']);
    expect(statSync(pki.signers[0].p12).mode & 0o077).toBe(0);

    for (const signer of pki.signers) {
      const provider = await Pkcs12KeyProvider.open(readFileSync(signer.p12), 'secret');
      const leaf = new X509Certificate(Buffer.from((await provider.certificateChain())[0]));
      expect(leaf.subject).toContain(`CN=${signer.name}`);
      expect(leaf.subject).toContain('OU=TEST CERTIFICATE - NOT FOR PRODUCTION');
    }
    const officer = await Pkcs12KeyProvider.open(readFileSync(pki.signers[0].p12), 'secret');
    const { pdf } = await signPdf(await samplePdf(), { provider: officer });
    expect((await verifyPdf(pdf, { trustAnchors: [root] })).valid).toBe(true);
  });

  it('ensureDevPki reuses an existing PKI instead of replacing its root', async () => {
    const dir = tempDir();
    const first = await ensureDevPki(dir);
    const rootPem = readFileSync(first.trustAnchor, 'utf8');
    const again = await ensureDevPki(dir);
    expect(readFileSync(again.trustAnchor, 'utf8')).toBe(rootPem);
  });

  it('ensureDevPki called by several processes at once (API and worker starting) leaves one PKI whose seal verifies under its root', async () => {
    const dir = join(tempDir(), 'pki');
    const all = await Promise.all([1, 2, 3].map(() => ensureDevPki(dir, { password: 'race' })));
    const rootPem = readFileSync(join(dir, 'trust-anchor.pem'), 'utf8');
    for (const pki of all) {
      expect(pki.dir).toBe(dir);
      expect(readFileSync(pki.trustAnchor, 'utf8')).toBe(rootPem);
    }
    // every file of the directory belongs to that root: the seal it holds signs a PDF that verifies under it
    const [root] = await loadTrustAnchors([all[0].trustAnchor]);
    const seal = all[2].signers.find((s) => s.role === 'agency-seal')!;
    const { pdf } = await signPdf(await samplePdf(), { provider: await Pkcs12KeyProvider.open(readFileSync(seal.p12), 'race') });
    expect((await verifyPdf(pdf, { trustAnchors: [root] })).valid).toBe(true);
    expect(readdirSync(dirname(dir)).filter((f) => f.startsWith('.pki-'))).toEqual([]);
  });
});

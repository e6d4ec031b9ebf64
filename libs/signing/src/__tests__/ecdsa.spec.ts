import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { webcrypto } from 'node:crypto';
import { encodePkcs12, exportPkcs8, issueSigningCertificate, Pkcs12KeyProvider, signPdf, verifyPdf } from '..';
import { OFFICER, samplePdf, tempDir, testPki } from './helpers/fixtures';
import { pdfsig, pyhankoValidate } from './helpers/tools';

describe('EC P-256 keys (ECDSA signatures are DER-encoded from WebCrypto r||s)', () => {
  it('signs a PDF that we, pdfsig and pyHanko accept', async () => {
    const dir = tempDir();
    const pki = await testPki(dir);
    const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const id = await issueSigningCertificate(pki.agency, OFFICER, { publicKey: keys.publicKey });
    const p12 = await encodePkcs12(await exportPkcs8(keys.privateKey), [new Uint8Array(id.certificate.rawData), new Uint8Array(pki.agency.certificate.rawData)], 'pw');
    const provider = await Pkcs12KeyProvider.open(p12, 'pw');
    expect(await provider.algorithm()).toBe('ECDSA-P256-SHA256');

    const { pdf } = await signPdf(await samplePdf(), { provider });
    expect((await verifyPdf(pdf, { trustAnchors: pki.anchors })).valid).toBe(true);
    const file = path.join(dir, 'ec.pdf');
    writeFileSync(file, pdf);
    expect(pdfsig(file).out).toMatch(/Signature is Valid/);
    expect(pyhankoValidate(file, pki.rootPem).out).toMatch(/The signature is judged VALID\./);
  });
});

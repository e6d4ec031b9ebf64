import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { encodePkcs12 } from '../keys/pkcs12-codec';
import { writeFileAtomic } from '../util/atomic-write';
import { subtle } from '../util/bytes';
import { exportPkcs8, issueSigningCertificate, type SignerSubject } from './dev-pki';
import type { DevPkiResult } from './dev-pki-files';
import { X509Certificate } from './x509';

/**
 * Development only: a PKCS#12 at `<pki>/<relPath>` issued on first use by the dev PKI's
 * agency CA (same password as the demo signers), reused afterwards. Officers of the API
 * (`users/<username>.p12`) and agency seals (`seals/<agency code>.p12`) get theirs so.
 * Two processes issuing the same file at once each write a complete file (atomic rename);
 * the last one wins and both keys are valid TEST certificates.
 */
export async function devSignerP12(pki: DevPkiResult, relPath: string, subject: SignerSubject): Promise<string> {
  const file = join(pki.dir, relPath);
  try {
    await fs.access(file);
    return file;
  } catch {
    /* not issued yet */
  }
  await fs.mkdir(join(file, '..'), { recursive: true });
  const caPem = await fs.readFile(join(pki.dir, 'ca', 'agency-ca.key'), 'latin1');
  const caDer = Buffer.from(caPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const privateKey = await subtle.importKey('pkcs8', caDer, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const certificate = new X509Certificate(await fs.readFile(pki.agencyCa, 'latin1'));
  const id = await issueSigningCertificate({ certificate, keys: { privateKey } as CryptoKeyPair }, subject);
  const p12 = await encodePkcs12(await exportPkcs8(id.keys.privateKey), [new Uint8Array(id.certificate.rawData), new Uint8Array(certificate.rawData)], pki.password);
  await writeFileAtomic(file, p12, 0o600);
  return file;
}

import { X509Certificate } from '@peculiar/x509';
import { encodePkcs12, exportPkcs8, issueSigningCertificate, writeFileAtomic, type DevPkiResult } from '@tthc/signing';
import { promises as fs } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { join } from 'node:path';

export interface DevOfficer {
  username: string;
  fullName: string;
  /** agency name for the certificate's O */
  organization: string;
  title?: string;
}

/**
 * Development only: the PKCS#12 of an API user, issued on first use by the dev PKI's
 * agency CA (`<pki>/users/<username>.p12`, same password as the demo signers). The
 * dev PKI itself only has fixed demo names; users of the API need certificates in their
 * own name so the stamp and the report say who signed.
 */
export async function devOfficerP12(pki: DevPkiResult, officer: DevOfficer): Promise<string> {
  const file = join(pki.dir, 'users', `${officer.username.replace(/[^A-Za-z0-9._-]/g, '_')}.p12`);
  try {
    await fs.access(file);
    return file;
  } catch {
    /* not issued yet */
  }
  await fs.mkdir(join(pki.dir, 'users'), { recursive: true });
  const caPem = await fs.readFile(join(pki.dir, 'ca', 'agency-ca.key'), 'latin1');
  const caDer = Buffer.from(caPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const privateKey = await webcrypto.subtle.importKey('pkcs8', caDer, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const certificate = new X509Certificate(await fs.readFile(pki.agencyCa, 'latin1'));
  const id = await issueSigningCertificate(
    { certificate, keys: { privateKey } as CryptoKeyPair },
    { commonName: officer.fullName, organization: officer.organization, title: officer.title },
  );
  const p12 = await encodePkcs12(
    await exportPkcs8(id.keys.privateKey),
    [new Uint8Array(id.certificate.rawData), new Uint8Array(certificate.rawData)],
    pki.password,
  );
  await writeFileAtomic(file, p12, 0o600);
  return file;
}

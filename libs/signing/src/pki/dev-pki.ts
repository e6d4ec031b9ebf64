import { webcrypto } from 'node:crypto';
import * as x509 from './x509';
import { subtle } from '../util/bytes';
import { ensureCrypto } from './x509-setup';

/**
 * Development PKI: a local root CA, an agency CA under it and end-entity signing
 * certificates. Every subject says TEST so nobody mistakes these for real certificates.
 * Production trust anchors are configured (PEM paths), never created here.
 */
const RSA: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
export const TEST_MARK = 'TEST CERTIFICATE - NOT FOR PRODUCTION';
const DAY = 86_400_000;

export interface IssuedIdentity {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
}

export interface CertificateOptions {
  notBefore?: Date;
  notAfter?: Date;
  /** Key usage of an end-entity certificate (default digitalSignature + nonRepudiation). */
  keyUsage?: x509.KeyUsageFlags;
  /** CRL distribution point URLs written into the certificate. */
  crlUrls?: string[];
  /** OCSP responder URLs written into the certificate (authority info access). */
  ocspUrls?: string[];
  /** Extended key usages (OIDs), e.g. timeStamping for a TSA. */
  extendedKeyUsage?: string[];
}

export async function generateRsaKeys(extractable = true): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(RSA, extractable, ['sign', 'verify'])) as CryptoKeyPair;
}

function serial(): string {
  const b = webcrypto.getRandomValues(new Uint8Array(12));
  b[0] &= 0x7f;
  b[0] |= 0x01;
  return Buffer.from(b).toString('hex');
}

/** Builds an X.500 name; values are escaped for RFC 4514. */
export function distinguishedName(parts: Record<string, string>): string {
  const esc = (v: string) => v.replace(/([,+"\\<>;=#])/g, '\\$1');
  return Object.entries(parts).map(([k, v]) => `${k}=${esc(v)}`).join(', ');
}

export async function createRootCa(commonName = 'TTHC Flow Dev Root CA (TEST)', opts: CertificateOptions = {}): Promise<IssuedIdentity> {
  ensureCrypto();
  const keys = await generateRsaKeys();
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: distinguishedName({ CN: commonName, OU: TEST_MARK, O: 'TTHC Flow', C: 'VN' }),
    notBefore: opts.notBefore ?? new Date(now - DAY),
    notAfter: opts.notAfter ?? new Date(now + 3650 * DAY),
    keys,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, keys };
}

async function issue(
  issuer: IssuedIdentity,
  subject: string,
  publicKey: CryptoKey,
  ca: boolean,
  opts: CertificateOptions,
): Promise<x509.X509Certificate> {
  ensureCrypto();
  const now = Date.now();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(ca, ca ? 0 : undefined, true),
    new x509.KeyUsagesExtension(
      ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : (opts.keyUsage ?? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation),
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate),
  ];
  if (opts.extendedKeyUsage?.length) extensions.push(new x509.ExtendedKeyUsageExtension(opts.extendedKeyUsage, true));
  if (opts.crlUrls?.length) extensions.push(new x509.CRLDistributionPointsExtension(opts.crlUrls));
  if (opts.ocspUrls?.length) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: opts.ocspUrls }));
  return x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: issuer.certificate.subjectName,
    notBefore: opts.notBefore ?? new Date(now - DAY),
    notAfter: opts.notAfter ?? new Date(now + (ca ? 1825 : 730) * DAY),
    publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: RSA,
    extensions,
  });
}

export async function createAgencyCa(root: IssuedIdentity, agencyName: string, opts: CertificateOptions = {}): Promise<IssuedIdentity> {
  const keys = await generateRsaKeys();
  const name = distinguishedName({ CN: `${agencyName} CA (TEST)`, OU: TEST_MARK, O: agencyName, C: 'VN' });
  return { certificate: await issue(root, name, keys.publicKey, true, opts), keys };
}

export interface SignerSubject {
  /** Person (officer) or, for an agency seal, the agency's name. */
  commonName: string;
  organization: string;
  title?: string;
}

export function signerName(s: SignerSubject): string {
  return distinguishedName({
    CN: s.commonName,
    ...(s.title ? { T: s.title } : {}),
    OU: TEST_MARK,
    O: s.organization,
    C: 'VN',
  });
}

/** Issues an end-entity signing certificate; pass `publicKey` when the key lives on a token. */
export async function issueSigningCertificate(
  issuer: IssuedIdentity,
  subject: SignerSubject,
  opts: CertificateOptions & { publicKey?: CryptoKey } = {},
): Promise<IssuedIdentity & { keys: CryptoKeyPair }> {
  const keys = opts.publicKey ? ({ publicKey: opts.publicKey } as CryptoKeyPair) : await generateRsaKeys();
  const certificate = await issue(issuer, signerName(subject), keys.publicKey, false, opts);
  return { certificate, keys };
}

export async function exportPkcs8(key: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await subtle.exportKey('pkcs8', key));
}

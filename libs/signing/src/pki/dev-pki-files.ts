import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { encodePkcs12 } from '../keys/pkcs12-codec';
import { provisionTokenSigner } from '../keys/pkcs11-provisioning';
import { subtle } from '../util/bytes';
import { X509Certificate } from './x509';
import { writeFileAtomic } from '../util/atomic-write';
import { derToPem } from '../util/bytes';
import { createAgencyCa, createRootCa, exportPkcs8, issueSigningCertificate, SignerSubject } from './dev-pki';

export interface DevPkiResult {
  dir: string;
  /** PEM file to pass as --trust / configure as trust anchor. */
  trustAnchor: string;
  agencyCa: string;
  /** Development only: the password of every PKCS#12 file here. */
  password: string;
  signers: { role: 'officer' | 'agency-seal'; name: string; title?: string; p12: string }[];
}

const MANIFEST = 'dev-pki.json';
export const DEV_AGENCY = 'UBND xã Tân Phú (thử nghiệm)';
export const DEV_OFFICERS: SignerSubject[] = [
  { commonName: 'Nguyễn Văn An', title: 'Chuyên viên Bộ phận Một cửa', organization: DEV_AGENCY },
  { commonName: 'Trần Thị Bình', title: 'Phó Chủ tịch', organization: DEV_AGENCY },
];

export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Creates a development PKI in `dir`: root CA (the trust anchor), an agency CA, one
 * PKCS#12 per demo officer and one for the agency seal. Every certificate says TEST.
 * CA private keys are kept (mode 0600) so more test certificates can be issued.
 */
export async function initDevPki(
  dir: string,
  opts: { password?: string; agency?: string; officers?: SignerSubject[] } = {},
): Promise<DevPkiResult> {
  const password = opts.password ?? 'tthc-dev';
  const agency = opts.agency ?? DEV_AGENCY;
  const officers = opts.officers ?? DEV_OFFICERS.map((o) => ({ ...o, organization: agency }));
  await fs.mkdir(path.join(dir, 'signers'), { recursive: true });
  await fs.mkdir(path.join(dir, 'ca'), { recursive: true, mode: 0o700 });
  const root = await createRootCa();
  const agencyCa = await createAgencyCa(root, agency);
  const der = (c: { rawData: ArrayBuffer }) => new Uint8Array(c.rawData);
  const keyPem = async (k: CryptoKey) => derToPem(await exportPkcs8(k), 'PRIVATE KEY');

  const trustAnchor = path.join(dir, 'trust-anchor.pem');
  const agencyCaPath = path.join(dir, 'agency-ca.pem');
  await writeFileAtomic(trustAnchor, root.certificate.toString('pem') + '\n');
  await writeFileAtomic(agencyCaPath, agencyCa.certificate.toString('pem') + '\n');
  await writeFileAtomic(path.join(dir, 'ca', 'root-ca.key'), await keyPem(root.keys.privateKey), 0o600);
  await writeFileAtomic(path.join(dir, 'ca', 'agency-ca.key'), await keyPem(agencyCa.keys.privateKey), 0o600);

  const signers: DevPkiResult['signers'] = [];
  const subjects = [
    ...officers.map((o) => ({ role: 'officer' as const, subject: o })),
    { role: 'agency-seal' as const, subject: { commonName: agency, organization: agency } as SignerSubject },
  ];
  for (const { role, subject } of subjects) {
    const id = await issueSigningCertificate(agencyCa, subject);
    const p12 = await encodePkcs12(await exportPkcs8(id.keys.privateKey), [der(id.certificate), der(agencyCa.certificate)], password);
    const file = path.join(dir, 'signers', `${role === 'officer' ? slug(subject.commonName) : 'agency-seal'}.p12`);
    await writeFileAtomic(file, p12, 0o600);
    signers.push({ role, name: subject.commonName, title: subject.title, p12: file });
  }
  const result: DevPkiResult = { dir, trustAnchor, agencyCa: agencyCaPath, password, signers };
  await writeManifest(dir, result);
  return result;
}

function writeManifest(dir: string, result: DevPkiResult): Promise<void> {
  return writeFileAtomic(path.join(dir, MANIFEST), JSON.stringify({ ...result, testOnly: true, createdAt: new Date().toISOString() }, null, 2));
}

async function readManifest(dir: string): Promise<DevPkiResult | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, MANIFEST), 'utf8')) as DevPkiResult;
  } catch {
    return undefined;
  }
}

/**
 * The embedded default: reuse the dev PKI in `dir` when present, else create it — in a directory beside `dir`,
 * renamed into place. Two processes creating it at once (the API and the worker of `npm start`: the worker warms
 * its seals up at start) end with one PKI: the loser's copy is thrown away and it reads the winner's, never a mix
 * of two roots' files. A `dir` that already holds other files (no manifest) is filled in place, as before.
 */
export async function ensureDevPki(dir: string, opts: Parameters<typeof initDevPki>[1] = {}): Promise<DevPkiResult> {
  const existing = await readManifest(dir);
  if (existing) return existing;
  const parent = path.dirname(path.resolve(dir));
  await fs.mkdir(parent, { recursive: true });
  const staging = await fs.mkdtemp(path.join(parent, `.${path.basename(dir)}-`));
  try {
    const built = await initDevPki(staging, opts);
    const moved = (p: string) => path.join(dir, path.relative(staging, p));
    const result: DevPkiResult = { ...built, dir, trustAnchor: moved(built.trustAnchor), agencyCa: moved(built.agencyCa), signers: built.signers.map((s) => ({ ...s, p12: moved(s.p12) })) };
    await writeManifest(staging, result);
    try {
      await fs.rename(staging, dir); // atomic; replaces an empty `dir`
      return result;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    }
    return (await readManifest(dir)) ?? initDevPki(dir, opts);
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/**
 * Development: puts a new officer key on a PKCS#11 token (generated on the token) with a
 * TEST certificate from the dev agency CA in `dir` — e.g. on a SoftHSM2 token, to try
 * token signing without a real USB token.
 */
export async function provisionDevToken(
  dir: string,
  opts: { module: string; slot: number; pin: string; label: string; subject: SignerSubject },
): Promise<{ certificate: Uint8Array }> {
  const pem = await fs.readFile(path.join(dir, 'ca', 'agency-ca.key'), 'latin1');
  const pkcs8 = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const privateKey = await subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const certificate = new X509Certificate(await fs.readFile(path.join(dir, 'agency-ca.pem'), 'latin1'));
  return provisionTokenSigner({ ...opts, issuer: { certificate, keys: { privateKey } as CryptoKeyPair } });
}

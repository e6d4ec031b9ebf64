import { promises as fs } from 'node:fs';
import { SigningError, SigningErrorCode } from '../errors';
import { devSignerP12 } from '../pki/dev-signer-p12';
import type { SigningConfig } from '../signing-config';
import { Pkcs11KeyProvider } from './pkcs11-key-provider';
import { Pkcs12KeyProvider } from './pkcs12-key-provider';
import type { SigningKeyProvider } from './signing-key-provider';

/** The agency whose seal (con dấu / chữ ký số của cơ quan) signs a document. */
export interface SealAgency {
  /** agency code (the key of TTHC_SEAL_KEYS, the dev file name) */
  code: string;
  /** full name: the seal certificate's CN and O in the dev PKI */
  name: string;
}

/** One agency's seal key in TTHC_SEAL_KEYS; secrets come from the named environment variables. */
export type SealKeyEntry =
  | { p12: string; passwordEnv: string }
  | { pkcs11: { module: string; slot: number; pinEnv: string; keyLabel: string } };

/** Title of the seal certificates the dev PKI issues (the stamp and reports show the agency as signer). */
export const DEV_SEAL_TITLE = 'Chữ ký số của cơ quan';

function parseEntry(code: string, v: unknown): SealKeyEntry {
  const bad = (why: string) => new SigningError(SigningErrorCode.INVALID_INPUT, `TTHC_SEAL_KEYS: the entry of ${code} ${why}`);
  if (!v || typeof v !== 'object') throw bad('is not an object');
  const e = v as Record<string, unknown>;
  if (typeof e.p12 === 'string') {
    if (typeof e.passwordEnv !== 'string') throw bad('needs passwordEnv');
    return { p12: e.p12, passwordEnv: e.passwordEnv };
  }
  const p = e.pkcs11 as Record<string, unknown> | undefined;
  if (p && typeof p.module === 'string' && Number.isInteger(p.slot) && typeof p.pinEnv === 'string' && typeof p.keyLabel === 'string') {
    return { pkcs11: { module: p.module, slot: p.slot as number, pinEnv: p.pinEnv, keyLabel: p.keyLabel } };
  }
  throw bad('needs {p12, passwordEnv} or {pkcs11: {module, slot, pinEnv, keyLabel}}');
}

function secret(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (v === undefined) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, `the secret variable ${name} of the agency seal key is not set`);
  return v;
}

/**
 * The configured seal keys: `TTHC_SEAL_KEYS=/etc/tthc/seal-keys.json`
 * (`{ "<agency code>": {"pkcs11": {...}} | {"p12": "file", "passwordEnv": "VAR"} }`),
 * read once per file.
 */
const files = new Map<string, Promise<Record<string, SealKeyEntry>>>();
function configured(env: NodeJS.ProcessEnv): Promise<Record<string, SealKeyEntry>> {
  const path = env.TTHC_SEAL_KEYS;
  if (!path) return Promise.resolve({});
  let p = files.get(path);
  if (!p) {
    p = fs.readFile(path, 'utf8').then((t) => {
      const raw = JSON.parse(t) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, parseEntry(k, v)]));
    });
    p.catch(() => files.delete(path));
    files.set(path, p);
  }
  return p;
}

/**
 * PKCS#12 seals decoded once per file and process (decoding runs PBKDF2: ≈ 0.35 s of CPU on a busy
 * 2-core machine, paid on every notice before): the provider holds no session, so one is shared;
 * its `close` is a no-op for callers. PKCS#11 seals are opened per use (a token session each).
 */
const p12Seals = new Map<string, Promise<SigningKeyProvider>>();
function sharedP12(file: string, password: string): Promise<SigningKeyProvider> {
  const key = `${file}\u0000${password}`;
  let p = p12Seals.get(key);
  if (!p) {
    p = fs.readFile(file).then(async (bytes) => {
      const provider = await Pkcs12KeyProvider.open(bytes, password);
      return { certificateChain: () => provider.certificateChain(), algorithm: () => provider.algorithm(), sign: (data, alg) => provider.sign(data, alg) } as SigningKeyProvider;
    });
    p.catch(() => p12Seals.delete(key));
    p12Seals.set(key, p);
  }
  return p;
}

/**
 * Opens the seal key of an agency (the caller closes the provider):
 * 1. `TTHC_SEAL_KEYS` names a PKCS#11 token/HSM key (production: the seal key never leaves
 *    it) or a PKCS#12 file for the agency code;
 * 2. otherwise, with the embedded dev PKI (no `TTHC_TRUST_ANCHORS`), a TEST seal issued on
 *    first use by the dev agency CA into `<pki>/seals/<code>.p12` (CN = O = the agency's name);
 * 3. otherwise `SIGNING_KEY_NOT_FOUND`.
 */
export async function openAgencySeal(agency: SealAgency, cfg: SigningConfig, env: NodeJS.ProcessEnv = process.env): Promise<SigningKeyProvider> {
  const entry = (await configured(env))[agency.code];
  if (entry && 'p12' in entry) return sharedP12(entry.p12, secret(env, entry.passwordEnv));
  if (entry) {
    const p = entry.pkcs11;
    return Pkcs11KeyProvider.open({ module: p.module, slot: p.slot, pin: secret(env, p.pinEnv), keyLabel: p.keyLabel });
  }
  if (!cfg.devPki) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, `no seal key is configured for agency ${agency.code} (TTHC_SEAL_KEYS)`);
  const file = await devSignerP12(cfg.devPki, `seals/${agency.code.replace(/[^A-Za-z0-9._-]/g, '_')}.p12`, {
    commonName: agency.name,
    organization: agency.name,
    title: DEV_SEAL_TITLE,
  });
  return sharedP12(file, cfg.devPki.password);
}

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';

/**
 * The secrets of the audit chain. They live OUTSIDE the database: whoever can write to the
 * database but does not hold them cannot recompute the chain (HMAC key) nor forge a
 * checkpoint (Ed25519 key).
 *
 * - `macKey`: HMAC-SHA256 key of every entry's hash and of the stored head.
 * - `signingKey` / `publicKey`: Ed25519 (node:crypto) key pair that signs checkpoints; the
 *   public key (and its id) can be handed to an outside verifier.
 */
export interface AuditKeys {
  macKey: Buffer;
  signingKey: KeyObject;
  publicKey: KeyObject;
  /** first 16 hex chars of sha-256 of the public key (SPKI DER): names the key in checkpoints */
  keyId: string;
}

export interface AuditKeySources {
  /** TTHC_AUDIT_KEY: the HMAC key itself (at least 32 characters) */
  key?: string;
  /** TTHC_AUDIT_KEY_FILE: a file holding the HMAC key */
  keyFile?: string;
  /** TTHC_AUDIT_SIGNING_KEY_FILE: PEM (PKCS#8) Ed25519 private key */
  signingKeyFile?: string;
  /** where generated keys are kept when none is given (embedded mode): `<dataDir>/audit-key`, `<dataDir>/audit-signing-key.pem` */
  dataDir: string;
}

export function auditKeySourcesFromEnv(env: NodeJS.ProcessEnv = process.env, dataDir?: string): AuditKeySources {
  return {
    key: env.TTHC_AUDIT_KEY || undefined,
    keyFile: env.TTHC_AUDIT_KEY_FILE || undefined,
    signingKeyFile: env.TTHC_AUDIT_SIGNING_KEY_FILE || undefined,
    dataDir: resolve(dataDir ?? env.TTHC_DATA_DIR ?? '.data'),
  };
}

/** Reads the configured keys, or generates them once into the data directory (mode 0600). */
export function loadAuditKeys(src: AuditKeySources): AuditKeys {
  let mac: string;
  if (src.key) mac = src.key;
  else if (src.keyFile) mac = readFileSync(src.keyFile, 'utf8').trim();
  else mac = readOrCreate(join(src.dataDir, 'audit-key'), () => randomBytes(32).toString('base64url'));
  if (mac.length < 32) throw new Error('the audit key (TTHC_AUDIT_KEY / TTHC_AUDIT_KEY_FILE) must be at least 32 characters');
  const pem = src.signingKeyFile
    ? readFileSync(src.signingKeyFile, 'utf8')
    : readOrCreate(join(src.dataDir, 'audit-signing-key.pem'), () =>
        generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      );
  const signingKey = createPrivateKey(pem);
  if (signingKey.asymmetricKeyType !== 'ed25519') throw new Error('the audit signing key must be an Ed25519 private key');
  const publicKey = createPublicKey(signingKey);
  const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
  return { macKey: Buffer.from(mac, 'utf8'), signingKey, publicKey, keyId };
}

/**
 * Creates the file atomically (temp file + link, so a concurrent reader never sees it
 * half-written and two processes starting together agree on one key).
 */
function readOrCreate(file: string, make: () => string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(resolve(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, make(), { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  return readFileSync(file, 'utf8').trim();
}

const perDataSource = new WeakMap<DataSource, AuditKeys>();
let processDefault: AuditKeys | undefined;

/** Use these keys for the chain of `ds` (the API does this with its configuration). */
export function setAuditKeys(ds: DataSource, keys: AuditKeys): void {
  perDataSource.set(ds, keys);
}

/** The keys of `ds`: the ones set for it, else the process default from the environment. */
export function auditKeysFor(ds: DataSource): AuditKeys {
  const keys = perDataSource.get(ds);
  if (keys) return keys;
  processDefault ??= loadAuditKeys(auditKeySourcesFromEnv());
  return processDefault;
}

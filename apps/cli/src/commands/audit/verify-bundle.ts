/**
 * Offline verification of a signed audit bundle (AUDIT_BUNDLE_FORMAT, written by
 * `GET /audit/dossiers/:ref/export`): the ZIP, the manifest's Ed25519 signature, every
 * entry's SHA-256 and size, the dossier's event chain from events.json (links, and each event's
 * content hash — the keyed HMAC needs the server's key: `tthc audit verify`), and the
 * bytes of the documents included against the hashes listed. Needs no server.
 */
import { AUDIT_BUNDLE_ENTRIES as E, AUDIT_BUNDLE_FORMAT, type AuditBundleManifest } from '@tthc/contracts';
import { DOSSIER_GENESIS_HASH, dossierEventContentHash } from '@tthc/persistence';
import { unzipSync } from 'fflate';
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { ApiError } from '../api-client';

export interface BundleVerification {
  valid: boolean;
  problems: string[];
  dossier?: { id: string; code: string | null };
  /** the key the manifest is signed with (as in the audit checkpoints) */
  keyId?: string;
  /** the signature was checked against a key given by the verifier (--key), not only the bundle's own */
  keyPinned: boolean;
  entries: number;
  events: number;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OWN = new Set<string>([E.manifest, E.signature, E.publicKey]);

export function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Throws ApiError BUNDLE_INVALID when `bytes` is not a ZIP at all; everything else is a problem in the result. */
export function verifyBundle(bytes: Uint8Array, name: string, trustedKeyPem?: string): BundleVerification {
  if (bytes.length < 4 || ZIP_MAGIC.some((b, i) => bytes[i] !== b)) throw new ApiError('BUNDLE_INVALID', `${name} is not a ZIP archive`);
  const problems: string[] = [];
  const result = (extra: Partial<BundleVerification> = {}): BundleVerification => ({ valid: problems.length === 0, problems, keyPinned: !!trustedKeyPem, entries: 0, events: 0, ...extra });
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (err) {
    problems.push(`the ZIP structure is damaged: ${(err as Error).message}`);
    return result();
  }
  const manifestBytes = files[E.manifest];
  if (!manifestBytes) {
    problems.push(`${E.manifest} is missing: not an audit bundle`);
    return result();
  }
  let manifest: AuditBundleManifest;
  try {
    manifest = JSON.parse(text(manifestBytes)) as AuditBundleManifest;
  } catch {
    problems.push(`${E.manifest} is not JSON`);
    return result();
  }
  if (manifest.format !== AUDIT_BUNDLE_FORMAT) problems.push(`unknown bundle format ${JSON.stringify(manifest.format)} (expected ${AUDIT_BUNDLE_FORMAT})`);
  const keyId = checkSignature(files, manifestBytes, manifest, trustedKeyPem, problems);

  const listed = new Set<string>();
  for (const entry of manifest.entries ?? []) {
    listed.add(entry.path);
    const data = files[entry.path];
    if (!data) problems.push(`${entry.path}: listed in the manifest but missing`);
    else if (data.byteLength !== entry.size || sha256(data) !== entry.sha256) problems.push(`${entry.path}: SHA-256 does not match the manifest (changed after export)`);
  }
  for (const path of Object.keys(files)) if (!listed.has(path) && !OWN.has(path)) problems.push(`${path}: not listed in the manifest (added after export)`);

  const events = checkEventChain(files[E.events], manifest.dossier?.id, problems);
  checkDocuments(files, problems);
  return result({ dossier: manifest.dossier, ...(keyId ? { keyId } : {}), entries: manifest.entries?.length ?? 0, events });
}

function checkSignature(files: Record<string, Uint8Array>, manifestBytes: Uint8Array, manifest: AuditBundleManifest, trustedKeyPem: string | undefined, problems: string[]): string | undefined {
  const sig = files[E.signature];
  const pem = files[E.publicKey];
  if (!sig || !pem) {
    problems.push(`${!sig ? E.signature : E.publicKey} is missing: the manifest is not signed`);
    return undefined;
  }
  let key: KeyObject;
  try {
    key = createPublicKey(trustedKeyPem ?? text(pem));
  } catch (err) {
    problems.push(`the public key cannot be read: ${(err as Error).message}`);
    return undefined;
  }
  const keyId = keyIdOf(key);
  if (trustedKeyPem) {
    let own: string | undefined;
    try {
      own = keyIdOf(createPublicKey(text(pem)));
    } catch {
      own = undefined;
    }
    if (own !== keyId) problems.push(`the bundle carries key ${own ?? '(unreadable)'}, not the trusted key ${keyId}`);
  }
  if (manifest.keyId !== keyId) problems.push(`the manifest names key ${manifest.keyId}, the signature key is ${keyId}`);
  let good = false;
  try {
    good = verify(null, manifestBytes, key, Buffer.from(text(sig).trim(), 'base64'));
  } catch {
    good = false;
  }
  if (!good) problems.push(`${E.signature}: the signature of ${E.manifest} is not valid for key ${keyId}`);
  return keyId;
}

interface EventRow {
  seq: number;
  kind: string;
  actor: string;
  unit: string | null;
  at: string;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
  /** unkeyed SHA-256 of the event's content (libs/persistence dossierEventContentHash) */
  contentHash?: string;
}

/**
 * Checks the dossier's event chain offline: seq 1… without gaps, each prevHash the hash before
 * it, each event's content against its `contentHash`. The chain hashes themselves are HMACs
 * under the server's audit key: only `tthc audit verify` (the server) recomputes them; the
 * manifest's Ed25519 signature is what ties this copy to the server's chain.
 */
function checkEventChain(data: Uint8Array | undefined, dossierId: string | undefined, problems: string[]): number {
  if (!data) {
    problems.push(`${E.events} is missing`);
    return 0;
  }
  let rows: EventRow[];
  try {
    rows = JSON.parse(text(data)) as EventRow[];
    if (!Array.isArray(rows)) throw new Error('not a list');
  } catch {
    problems.push(`${E.events} is not a JSON list of events`);
    return 0;
  }
  let prev = DOSSIER_GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const e = rows[i];
    if (e.seq !== i + 1) {
      problems.push(`event chain: event #${i + 1} is missing (found #${e.seq})`);
      return i;
    }
    const content = dossierEventContentHash({ dossierId: dossierId ?? '', seq: e.seq, kind: e.kind, actor: e.actor, unit: e.unit, at: new Date(e.at), payload: e.payload });
    if (e.prevHash !== prev || typeof e.hash !== 'string' || content !== e.contentHash) {
      problems.push(`event chain: event #${e.seq} does not match its hash`);
      return i;
    }
    prev = e.hash;
  }
  return rows.length;
}

function checkDocuments(files: Record<string, Uint8Array>, problems: string[]): void {
  const data = files[E.documents];
  if (!data) return;
  let docs: Array<{ id: string; sha256: string; file?: string }>;
  try {
    docs = JSON.parse(text(data)) as typeof docs;
  } catch {
    problems.push(`${E.documents} is not JSON`);
    return;
  }
  for (const d of docs) {
    if (!d.file) continue;
    const bytes = files[d.file];
    if (!bytes) problems.push(`document ${d.id}: ${d.file} is missing`);
    else if (sha256(bytes) !== d.sha256) problems.push(`document ${d.id}: its bytes do not match the SHA-256 recorded at upload`);
  }
}

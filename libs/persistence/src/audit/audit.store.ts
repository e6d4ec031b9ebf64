import { createHmac, sign, timingSafeEqual, verify } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/hash.util';
import { insertRow } from '../common/insert-row.util';
import { inTransaction } from '../common/transaction.util';
import { isUniqueViolation } from '../definitions/definition.store';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditHeadEntity } from './audit-head.entity';
import { auditKeysFor, type AuditKeys } from './audit-keys';
import { ADVISORY_LOCK } from '../common/advisory-locks';

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK_KEY = ADVISORY_LOCK.auditChain;
const HEAD_ID = 1;
/** a signed checkpoint every this many entries (and whenever createAuditCheckpoint is called) */
export const AUDIT_CHECKPOINT_EVERY = 100;

export interface AuditInput {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
  at?: Date;
}

type HashedContent = Omit<AuditEntryEntity, 'seq' | 'prevHash' | 'hash'>;

function contentOf(e: HashedContent): string {
  return canonicalJson({ actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityId ?? null, at: e.at.toISOString(), details: e.details });
}

/**
 * The hash of an entry: HMAC-SHA256 under the audit key (outside the database) of
 * prevHash + canonical JSON of {actor, action, entity, entityId, at, details}.
 */
export function auditEntryHash(keys: Pick<AuditKeys, 'macKey'>, prevHash: string, e: HashedContent): string {
  return createHmac('sha256', keys.macKey).update(prevHash + contentOf(e), 'utf8').digest('hex');
}

/** The unkeyed hash of entries written before the keyed chain (re-keyed on the first keyed append). */
export function legacyAuditEntryHash(prevHash: string, e: HashedContent): string {
  return sha256Hex(prevHash + contentOf(e));
}

function headMac(keys: AuditKeys, h: Pick<AuditHeadEntity, 'seq' | 'hash' | 'taintedSince'>): string {
  return createHmac('sha256', keys.macKey)
    .update(canonicalJson({ kind: 'audit-head', seq: h.seq, hash: h.hash, taintedSince: h.taintedSince ?? null }), 'utf8')
    .digest('hex');
}

function checkpointMessage(c: Pick<AuditCheckpointEntity, 'seq' | 'hash' | 'at'>): Buffer {
  return Buffer.from(canonicalJson({ kind: 'audit-checkpoint', seq: c.seq, hash: c.hash, at: c.at.toISOString() }), 'utf8');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Inserts the rows in order and returns their serial numbers. PostgreSQL: one multi-row INSERT …
 * RETURNING (its serials follow the rows' order) — one round trip under the chain lock; SQLite (in
 * process, no round trip): one INSERT per row, as its driver reports only the last row id.
 */
async function insertEntries(m: EntityManager, rows: Array<Omit<AuditEntryEntity, 'seq'>>): Promise<number[]> {
  const repo = m.getRepository(AuditEntryEntity);
  const results = [];
  if (m.connection.options.type === 'postgres') results.push(await repo.insert(rows.map((r) => insertRow(r))));
  else for (const r of rows) results.push(await repo.insert(insertRow(r)));
  const seqs = results.flatMap((r) => r.identifiers.map((id) => Number(id?.seq))).sort((a, b) => a - b);
  if (seqs.length !== rows.length || seqs.some((n) => !Number.isInteger(n))) throw new Error('the audit insert returned no serial numbers');
  return seqs;
}

/** The chain's head as the holder of its lock read it (null: no head yet). */
export interface AuditChainLock {
  head: AuditHeadEntity | null;
}

/**
 * Takes the chain's lock inside the caller's transaction, held until it ends (append last in the
 * transaction). PostgreSQL: the head row `FOR UPDATE` — lock and read in one round trip (W2,
 * session 9: every task completion appends, so the time the lock is held bounds the completions
 * per second); a chain without a head row yet (first append, or a deleted head) falls back to the
 * transaction-scoped advisory lock, then reads again. SQLite: writers are serialised by
 * `BEGIN IMMEDIATE` (inTransaction) already; the head is just read.
 */
export async function lockAuditChainIn(m: EntityManager): Promise<AuditChainLock> {
  if (m.connection.options.type !== 'postgres') return { head: await m.getRepository(AuditHeadEntity).findOneBy({ id: HEAD_ID }) };
  const forUpdate = () => m.getRepository(AuditHeadEntity).findOne({ where: { id: HEAD_ID }, lock: { mode: 'pessimistic_write' } });
  const head = await forUpdate();
  if (head) return { head };
  await m.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
  return { head: await forUpdate() };
}

/**
 * Appends to the chain inside the caller's transaction `m` — the entry commits or rolls back with the
 * change it records; the chain's lock (lockAuditChainIn) is held until the caller commits, so append
 * last in the transaction.
 */
export async function appendAuditIn(m: EntityManager, input: AuditInput): Promise<AuditEntryEntity> {
  return (await appendAuditEntriesIn(m, [input]))[0];
}

/**
 * Appends several entries, in order, as appendAuditIn would one by one — under one lock, with one
 * read and one update of the head and one INSERT for all of them (a task's completion writes two:
 * on the task, on its instance).
 */
export async function appendAuditEntriesIn(m: EntityManager, inputs: AuditInput[], opts: { lock?: AuditChainLock } = {}): Promise<AuditEntryEntity[]> {
  if (inputs.length === 0) return [];
  const keys = auditKeysFor(m.connection);
  // `lock`: the caller took the chain lock in this transaction already (lockAuditChainIn): no second round trip
  const lock = opts.lock ?? (await lockAuditChainIn(m));
  const head = lock.head ?? (await initHead(m, keys));
  // a head that does not carry our MAC was edited: keep going, but mark the chain for good
  const taintedSince = head.taintedSince ?? (sameHex(head.mac, headMac(keys, head)) ? null : head.seq);
  let prevHash = head.hash;
  const rows = inputs.map((input) => {
    // JSON round trip: what we hash is exactly what a verifier will read back
    const details = JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>;
    const base = { actor: input.actor, action: input.action, entity: input.entity, entityId: input.entityId ?? null, at: input.at ?? new Date(), details };
    const row = { ...base, prevHash, hash: auditEntryHash(keys, prevHash, base) };
    prevHash = row.hash;
    return row;
  });
  const appended = (await insertEntries(m, rows)).map((seq, i) => ({ ...rows[i], seq }) as AuditEntryEntity);
  for (const e of appended) if (e.seq % AUDIT_CHECKPOINT_EVERY === 0) await insertCheckpoint(m, keys, e.seq, e.hash);
  const next = { seq: appended[appended.length - 1].seq, hash: prevHash, taintedSince };
  await m.getRepository(AuditHeadEntity).update({ id: HEAD_ID }, { ...next, mac: headMac(keys, next) });
  return appended;
}

/**
 * Appends in a transaction of its own. `prev_hash` is UNIQUE, so even a writer that
 * bypassed the lock cannot fork the chain: its insert fails and it retries on the new head.
 */
export async function appendAudit(ds: DataSource, input: AuditInput): Promise<AuditEntryEntity> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(ds, (m) => appendAuditIn(m, input));
    } catch (err) {
      if (attempt >= 50 || !isUniqueViolation(err)) throw err;
    }
  }
}

/**
 * No head row yet: a fresh database (head = genesis), or a chain written before the keyed
 * chain existed — if it verifies as such, every entry is re-keyed now. Anything else means
 * the head was deleted: it is rebuilt on the current newest entry and marked tainted.
 */
async function initHead(m: EntityManager, keys: AuditKeys): Promise<AuditHeadEntity> {
  const repo = m.getRepository(AuditEntryEntity);
  const last = await repo.findOne({ where: {}, order: { seq: 'DESC' } });
  let head: Omit<AuditHeadEntity, 'id' | 'mac'> = { seq: 0, hash: GENESIS_HASH, taintedSince: null };
  if (last) {
    const rows = await repo.find({ order: { seq: 'ASC' } });
    let prev = GENESIS_HASH;
    const legacy = rows.every((e) => {
      const ok = e.prevHash === prev && legacyAuditEntryHash(prev, e) === e.hash;
      prev = e.hash;
      return ok;
    });
    if (legacy) {
      prev = GENESIS_HASH;
      for (const e of rows) {
        const hash = auditEntryHash(keys, prev, e);
        await repo.update({ seq: e.seq }, { prevHash: prev, hash });
        prev = hash;
      }
      head = { seq: last.seq, hash: prev, taintedSince: null };
    } else {
      head = { seq: last.seq, hash: last.hash, taintedSince: last.seq };
    }
  }
  const row = { id: HEAD_ID, ...head, mac: headMac(keys, head) };
  await m.getRepository(AuditHeadEntity).insert(row);
  return row;
}

async function insertCheckpoint(m: EntityManager, keys: AuditKeys, seq: number, hash: string): Promise<AuditCheckpointEntity> {
  const at = new Date();
  const signature = sign(null, checkpointMessage({ seq, hash, at }), keys.signingKey).toString('base64');
  const cp = { seq, hash, at, keyId: keys.keyId, signature };
  await m.getRepository(AuditCheckpointEntity).upsert(cp, ['seq']);
  return cp;
}

/** Signs the current head now (the API calls it at start and hourly); null on an empty chain. */
export async function createAuditCheckpoint(ds: DataSource): Promise<AuditCheckpointEntity | null> {
  return inTransaction(ds, async (m) => {
    const { head } = await lockAuditChainIn(m);
    if (!head || head.seq === 0) return null;
    const existing = await m.getRepository(AuditCheckpointEntity).findOneBy({ seq: head.seq });
    return existing ?? insertCheckpoint(m, auditKeysFor(ds), head.seq, head.hash);
  });
}

export type ChainBreak =
  /** an entry's content or hash was changed (or the chain recomputed without the key) */
  | 'entry-hash'
  /** an entry's prev_hash does not name the entry before it (deleted/inserted in the middle) */
  | 'entry-link'
  /** the stored head is beyond the newest entry: the newest entries were deleted */
  | 'truncated'
  /** the head is missing or does not carry the key's MAC */
  | 'head-forged'
  /** an appender found the head forged or missing at some point (permanent mark) */
  | 'head-tainted'
  /** a checkpoint's signature is wrong, or the entry it signed changed */
  | 'checkpoint';

export interface ChainVerification {
  ok: boolean;
  /** entries verified before the first break (all of them when ok) */
  count: number;
  /** the first entry that cannot be trusted */
  brokenAtSeq?: number;
  reason?: ChainBreak;
  /** signed checkpoints found (and verified, when ok) */
  checkpoints: number;
  lastCheckpointSeq?: number;
}

/**
 * Recomputes the whole chain in seq order (batched) with the audit key, checks the stored
 * head against the newest entry and every signed checkpoint against the entry it signed.
 */
export async function verifyAuditChain(ds: DataSource): Promise<ChainVerification> {
  const keys = auditKeysFor(ds);
  const checkpoints = await ds.getRepository(AuditCheckpointEntity).find({ order: { seq: 'ASC' } });
  const cpInfo = { checkpoints: checkpoints.length, ...(checkpoints.length ? { lastCheckpointSeq: checkpoints[checkpoints.length - 1].seq } : {}) };
  const fail = (count: number, brokenAtSeq: number, reason: ChainBreak): ChainVerification => ({ ok: false, count, brokenAtSeq, reason, ...cpInfo });
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  for (const c of checkpoints) {
    const good = c.keyId === keys.keyId && verify(null, checkpointMessage(c), keys.publicKey, Buffer.from(c.signature, 'base64'));
    if (!good) return fail(0, c.seq, 'checkpoint');
  }
  // the head is read before the entries: entries appended while we read are newer than it
  const head = await ds.getRepository(AuditHeadEntity).findOneBy({ id: HEAD_ID });
  const repo = ds.getRepository(AuditEntryEntity);
  let prev = GENESIS_HASH;
  let lastSeq = 0;
  let count = 0;
  for (;;) {
    const batch = await repo.createQueryBuilder('a').where('a.seq > :lastSeq', { lastSeq }).orderBy('a.seq', 'ASC').limit(1000).getMany();
    if (batch.length === 0) break;
    for (const e of batch) {
      if (e.prevHash !== prev) return fail(count, e.seq, 'entry-link');
      if (auditEntryHash(keys, prev, e) !== e.hash) return fail(count, e.seq, 'entry-hash');
      const cp = bySeq.get(e.seq);
      if (cp && cp.hash !== e.hash) return fail(count, e.seq, 'checkpoint');
      if (head && e.seq === head.seq && e.hash !== head.hash) return fail(count, e.seq, 'entry-link');
      bySeq.delete(e.seq);
      prev = e.hash;
      lastSeq = e.seq;
      count++;
    }
  }
  // a checkpoint naming an entry that no longer exists: the newest entries were deleted
  const orphan = [...bySeq.keys()].sort((a, b) => a - b)[0];
  if (orphan !== undefined) return fail(count, lastSeq + 1, 'truncated');
  if (!head) return count === 0 ? { ok: true, count, ...cpInfo } : fail(count, lastSeq, 'head-forged');
  if (!sameHex(head.mac, headMac(keys, head))) return fail(count, Math.max(1, Math.min(head.seq, lastSeq)), 'head-forged');
  if (head.seq > lastSeq) return fail(count, lastSeq + 1, 'truncated');
  if (head.taintedSince !== null) return fail(count, head.taintedSince + 1, 'head-tainted');
  return { ok: true, count, ...cpInfo };
}

export interface AuditQuery {
  entity?: string;
  entityId?: string;
  /** entries with seq greater than this */
  afterSeq?: number;
  limit: number;
}

export async function listAudit(ds: DataSource, q: AuditQuery): Promise<AuditEntryEntity[]> {
  const qb = ds.getRepository(AuditEntryEntity).createQueryBuilder('a');
  if (q.entity) qb.andWhere('a.entity = :entity', { entity: q.entity });
  if (q.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: q.entityId });
  if (q.afterSeq) qb.andWhere('a.seq > :afterSeq', { afterSeq: q.afterSeq });
  return qb.orderBy('a.seq', 'ASC').limit(q.limit).getMany();
}

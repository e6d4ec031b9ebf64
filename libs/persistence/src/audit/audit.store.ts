import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/hash.util';
import { insertRow } from '../common/insert-row.util';
import { inTransaction } from '../common/transaction.util';
import { isUniqueViolation } from '../definitions/definition.store';
import { AuditEntryEntity } from './audit-entry.entity';

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK_KEY = 727_001;

export interface AuditInput {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
  at?: Date;
}

/** The hashed content of an entry: fixed field set, canonical JSON. */
export function auditEntryHash(prevHash: string, e: Omit<AuditEntryEntity, 'seq' | 'prevHash' | 'hash'>): string {
  const content = {
    actor: e.actor,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId ?? null,
    at: e.at.toISOString(),
    details: e.details,
  };
  return sha256Hex(prevHash + canonicalJson(content));
}

/**
 * Appends to the chain. `prev_hash` is UNIQUE, so when two writers race for the same
 * head one insert fails and that writer retries on the new head: the chain never forks.
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

/** PostgreSQL: serialises appenders across processes until the transaction ends (SQLite writers are serialised anyway) */
export async function lockAuditChainIn(m: EntityManager): Promise<void> {
  if (m.connection.options.type === 'postgres') await m.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
}

/**
 * Appends inside the caller's transaction, so the entry commits with the change it
 * records (or not at all). The chain lock is held until that transaction ends.
 */
export async function appendAuditIn(m: EntityManager, input: AuditInput): Promise<AuditEntryEntity> {
  // JSON round trip: what we hash is exactly what a verifier will read back
  const details = JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>;
  const at = input.at ?? new Date();
  await lockAuditChainIn(m);
  const repo = m.getRepository(AuditEntryEntity);
  const head = await repo.findOne({ select: { seq: true, hash: true }, where: {}, order: { seq: 'DESC' } });
  const prevHash = head?.hash ?? GENESIS_HASH;
  const base = { actor: input.actor, action: input.action, entity: input.entity, entityId: input.entityId ?? null, at, details };
  const row = { ...base, prevHash, hash: auditEntryHash(prevHash, base) };
  const result = await repo.insert(insertRow(row));
  return { ...row, seq: Number(result.identifiers[0]?.seq) } as AuditEntryEntity;
}

export interface ChainVerification {
  ok: boolean;
  count: number;
  /** first entry whose prev_hash or hash does not match */
  brokenAtSeq?: number;
}

/** Recomputes the whole chain in seq order (batched). */
export async function verifyAuditChain(ds: DataSource): Promise<ChainVerification> {
  const repo = ds.getRepository(AuditEntryEntity);
  let prev = GENESIS_HASH;
  let lastSeq = 0;
  let count = 0;
  for (;;) {
    const batch = await repo
      .createQueryBuilder('a')
      .where('a.seq > :lastSeq', { lastSeq })
      .orderBy('a.seq', 'ASC')
      .limit(1000)
      .getMany();
    if (batch.length === 0) return { ok: true, count };
    for (const e of batch) {
      if (e.prevHash !== prev || auditEntryHash(prev, e) !== e.hash) return { ok: false, count, brokenAtSeq: e.seq };
      prev = e.hash;
      lastSeq = e.seq;
      count++;
    }
  }
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

import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/hash.util';
import { insertRow } from '../common/insert-row.util';
import { DossierNotFoundError } from './dossier-errors';
import { DossierEntity } from './dossier.entity';
import { DossierEventEntity } from './dossier-event.entity';

export const DOSSIER_GENESIS_HASH = '0'.repeat(64);

export interface DossierEventInput {
  /** e.g. `dossier.created`, `status.changed`, `step.completed`, `document.added`, `clock.paused` */
  kind: string;
  /** username (or `system`, `portal`) */
  actor: string;
  /** unit code of the actor, when acting for a unit */
  unit?: string | null;
  at: Date;
  payload?: Record<string, unknown>;
}

/** The hashed content of an event: a fixed field set in canonical JSON. */
export function dossierEventHash(prevHash: string, e: Omit<DossierEventEntity, 'prevHash' | 'hash'>): string {
  const content = {
    dossierId: e.dossierId,
    seq: e.seq,
    kind: e.kind,
    actor: e.actor,
    unit: e.unit ?? null,
    at: e.at.toISOString(),
    payload: e.payload,
  };
  return sha256Hex(prevHash + canonicalJson(content));
}

/**
 * Reads the dossier row for an update inside `m`: on PostgreSQL with `FOR UPDATE`, so
 * writers of one dossier (events, status) queue on its row; SQLite writers are
 * serialised by BEGIN IMMEDIATE already.
 */
export async function lockDossier(m: EntityManager, dossierId: string): Promise<DossierEntity> {
  const qb = m.getRepository(DossierEntity).createQueryBuilder('d').where('d.id = :id', { id: dossierId });
  if (m.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
  const row = await qb.getOne();
  if (!row) throw new DossierNotFoundError(dossierId);
  return row;
}

/**
 * Appends the next event of a dossier's chain inside the caller's transaction and moves
 * the chain head kept on the dossier row (event_count, event_head), so that deleting
 * the newest events is detected too.
 */
export async function appendDossierEvent(m: EntityManager, dossierId: string, input: DossierEventInput): Promise<DossierEventEntity> {
  const dossier = await lockDossier(m, dossierId);
  return appendToLocked(m, dossier, input);
}

/** appendDossierEvent for a row already read with lockDossier in this transaction. */
export async function appendToLocked(m: EntityManager, dossier: DossierEntity, input: DossierEventInput): Promise<DossierEventEntity> {
  // JSON round trip: what we hash is exactly what a verifier reads back
  const payload = JSON.parse(JSON.stringify(input.payload ?? {})) as Record<string, unknown>;
  const base = {
    dossierId: dossier.id,
    seq: dossier.eventCount + 1,
    kind: input.kind,
    actor: input.actor,
    unit: input.unit ?? null,
    at: input.at,
    payload,
  };
  const row: DossierEventEntity = { ...base, prevHash: dossier.eventHead, hash: dossierEventHash(dossier.eventHead, base) };
  await m.getRepository(DossierEventEntity).insert(insertRow(row));
  await m.getRepository(DossierEntity).update({ id: dossier.id }, { eventCount: row.seq, eventHead: row.hash });
  dossier.eventCount = row.seq;
  dossier.eventHead = row.hash;
  return row;
}

export interface DossierChainVerification {
  ok: boolean;
  count: number;
  /** first seq that does not verify (edited, or missing) */
  brokenAtSeq?: number;
  reason?: 'hash' | 'missing' | 'head';
}

/**
 * Recomputes a dossier's chain: seq 1… without gaps, each prev_hash the previous hash,
 * each hash recomputed, and the last one equal to the head kept on the dossier row.
 */
export async function verifyDossierEvents(ds: DataSource | EntityManager, dossierId: string): Promise<DossierChainVerification> {
  const dossier = await ds.getRepository(DossierEntity).findOneBy({ id: dossierId });
  if (!dossier) throw new DossierNotFoundError(dossierId);
  const events = await listDossierEvents(ds, dossierId);
  let prev = DOSSIER_GENESIS_HASH;
  let count = 0;
  for (const e of events) {
    const expected = count + 1;
    if (e.seq !== expected) return { ok: false, count, brokenAtSeq: expected, reason: 'missing' };
    if (e.prevHash !== prev || dossierEventHash(prev, e) !== e.hash) return { ok: false, count, brokenAtSeq: e.seq, reason: 'hash' };
    prev = e.hash;
    count++;
  }
  if (dossier.eventCount !== count || dossier.eventHead !== prev) {
    return { ok: false, count, brokenAtSeq: Math.min(count + 1, dossier.eventCount), reason: count < dossier.eventCount ? 'missing' : 'head' };
  }
  return { ok: true, count };
}

/** A dossier's events in order (seq > afterSeq, at most `limit`). */
export async function listDossierEvents(
  ds: DataSource | EntityManager,
  dossierId: string,
  opts: { afterSeq?: number; limit?: number } = {},
): Promise<DossierEventEntity[]> {
  const qb = ds
    .getRepository(DossierEventEntity)
    .createQueryBuilder('e')
    .where('e.dossier_id = :dossierId', { dossierId })
    .orderBy('e.seq', 'ASC');
  if (opts.afterSeq) qb.andWhere('e.seq > :afterSeq', { afterSeq: opts.afterSeq });
  if (opts.limit) qb.limit(opts.limit);
  return qb.getMany();
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { auditKeysFor, type AuditKeys } from '../audit/audit-keys';
import { appendAuditIn, lockAuditChainIn } from '../audit/audit.store';
import { canonicalJson, sha256Hex } from '../common/hash.util';
import { inTransaction } from '../common/transaction.util';
import { DossierCheckpointHeadEntity } from './dossier-chain-checkpoint.entity';
import { DossierNotFoundError } from './dossier-errors';
import { DossierEntity } from './dossier.entity';
import { DossierEventEntity } from './dossier-event.entity';
import { insertEventMovingHead } from './dossier-event-write';

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

type HashedEvent = Omit<DossierEventEntity, 'prevHash' | 'hash'>;

function contentOf(e: HashedEvent): string {
  return canonicalJson({ dossierId: e.dossierId, seq: e.seq, kind: e.kind, actor: e.actor, unit: e.unit ?? null, at: e.at.toISOString(), payload: e.payload });
}

/**
 * The hash of an event: HMAC-SHA256 under the audit key (outside the database, the key of
 * the audit chain) of prevHash + canonical JSON of {dossierId, seq, kind, actor, unit, at,
 * payload}. Whoever writes the database without the key cannot recompute a chain.
 */
export function dossierEventHash(keys: Pick<AuditKeys, 'macKey'>, prevHash: string, e: HashedEvent): string {
  return createHmac('sha256', keys.macKey).update(prevHash + contentOf(e), 'utf8').digest('hex');
}

/** The unkeyed hash of events written before the keyed chain (re-keyed by rekeyDossierChain). */
export function legacyDossierEventHash(prevHash: string, e: HashedEvent): string {
  return sha256Hex(prevHash + contentOf(e));
}

/**
 * SHA-256 of an event's canonical content alone (no key, no link): the export bundle carries
 * it per event so an offline verifier, who has no HMAC key, still finds the event that changed.
 */
export function dossierEventContentHash(e: HashedEvent): string {
  return sha256Hex(contentOf(e));
}

/** The MAC of a dossier's chain head (kept on the dossier row). */
export function dossierHeadMac(keys: Pick<AuditKeys, 'macKey'>, h: { dossierId: string; count: number; head: string }): string {
  return createHmac('sha256', keys.macKey)
    .update(canonicalJson({ kind: 'dossier-head', dossierId: h.dossierId, count: h.count, head: h.head }), 'utf8')
    .digest('hex');
}

/** the DataSource of a DataSource or of a transaction's EntityManager (the audit keys are set per DataSource) */
export const dataSourceOf = (db: DataSource | EntityManager): DataSource => ('connection' in db && !('manager' in db) ? (db as EntityManager).connection : (db as DataSource));

const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The head on the row carries the key's MAC. */
export function dossierHeadIsKeyed(keys: Pick<AuditKeys, 'macKey'>, d: Pick<DossierEntity, 'id' | 'eventCount' | 'eventHead' | 'eventHeadMac'>): boolean {
  return !!d.eventHeadMac && sameHex(d.eventHeadMac, dossierHeadMac(keys, { dossierId: d.id, count: d.eventCount, head: d.eventHead }));
}

/**
 * Re-keys a chain written before the keyed chain (head without MAC), inside `m` with the
 * dossier locked: if every event verifies as the old unkeyed chain up to the head on the row,
 * each hash is recomputed with the key and the head gets its MAC; otherwise nothing changes
 * (the broken chain stays broken for `audit verify`). Returns whether it re-keyed.
 */
export async function rekeyDossierChainIn(m: EntityManager, dossier: DossierEntity, keys: AuditKeys = auditKeysFor(m.connection)): Promise<boolean> {
  if (dossier.eventHeadMac) return false;
  const events = await listDossierEvents(m, dossier.id);
  let prev = DOSSIER_GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.seq !== i + 1 || e.prevHash !== prev || legacyDossierEventHash(prev, e) !== e.hash) return false;
    prev = e.hash;
  }
  if (events.length !== dossier.eventCount || prev !== dossier.eventHead) return false;
  prev = DOSSIER_GENESIS_HASH;
  const repo = m.getRepository(DossierEventEntity);
  for (const e of events) {
    const hash = dossierEventHash(keys, prev, e);
    await repo.update({ dossierId: e.dossierId, seq: e.seq }, { prevHash: prev, hash });
    prev = hash;
  }
  const eventHeadMac = dossierHeadMac(keys, { dossierId: dossier.id, count: events.length, head: prev });
  await m.getRepository(DossierEntity).update({ id: dossier.id }, { eventHead: prev, eventHeadMac });
  dossier.eventHead = prev;
  dossier.eventHeadMac = eventHeadMac;
  return true;
}

/** the audit action that records the one re-keying pass after the keyed chain came in */
export const DOSSIER_REKEY_ACTION = 'dossier.chains.rekeyed';

/** Whether the one re-keying pass already ran (its entry is in the keyed audit chain). */
async function rekeyPassDone(m: EntityManager | DataSource): Promise<boolean> {
  return (await m.getRepository(AuditEntryEntity).count({ where: { action: DOSSIER_REKEY_ACTION } })) > 0;
}

/**
 * The ONE re-keying pass of chains written the old unkeyed way (the API runs it at start; see
 * the migration DossierEventKeys1764700000000): one transaction per dossier, then the audit
 * entry `dossier.chains.rekeyed` {rekeyed, notVerifiable}. Once that entry exists (in the keyed
 * audit chain, so it cannot be removed unseen) nothing is re-keyed any more: a chain someone
 * later rewrote the old way with its MAC removed stays broken instead of being blessed.
 */
export async function rekeyDossierChains(ds: DataSource): Promise<{ rekeyed: number; notVerifiable: string[]; alreadyDone: boolean }> {
  const ids = (await ds.getRepository(DossierEntity).createQueryBuilder('d').select('d.id', 'id').where('d.event_head_mac IS NULL').andWhere('d.event_count > 0').getRawMany<{ id: string }>()).map((r) => r.id);
  if (await rekeyPassDone(ds)) return { rekeyed: 0, notVerifiable: ids, alreadyDone: true };
  let rekeyed = 0;
  const notVerifiable: string[] = [];
  for (const id of ids) {
    const done = await inTransaction(ds, async (m) => rekeyDossierChainIn(m, await lockDossier(m, id)));
    if (done) rekeyed++;
    else notVerifiable.push(id);
  }
  await inTransaction(ds, async (m) => {
    await lockAuditChainIn(m);
    if (!(await rekeyPassDone(m))) await appendAuditIn(m, { actor: 'system', action: DOSSIER_REKEY_ACTION, entity: 'dossier-chains', details: { rekeyed, notVerifiable: notVerifiable.slice(0, 100) } });
  });
  return { rekeyed, notVerifiable, alreadyDone: false };
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
export async function appendToLocked(m: EntityManager, dossier: DossierEntity, input: DossierEventInput, alsoSet: Partial<DossierEntity> = {}): Promise<DossierEventEntity> {
  const keys = auditKeysFor(m.connection);
  // a chain from before the keyed chain (its first append ran before the start-up pass): re-keyed first, if it verifies the old way
  if (!dossier.eventHeadMac && dossier.eventCount > 0 && !(await rekeyPassDone(m))) await rekeyDossierChainIn(m, dossier, keys);
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
  const row: DossierEventEntity = { ...base, prevHash: dossier.eventHead, hash: dossierEventHash(keys, dossier.eventHead, base) };
  const eventHeadMac = dossierHeadMac(keys, { dossierId: dossier.id, count: row.seq, head: row.hash });
  // `alsoSet`: columns the caller changes with this event (a status change), in the same UPDATE of the row
  await insertEventMovingHead(m, row, dossier.id, { ...alsoSet, eventCount: row.seq, eventHead: row.hash, eventHeadMac });
  dossier.eventCount = row.seq;
  dossier.eventHead = row.hash;
  dossier.eventHeadMac = eventHeadMac;
  return row;
}

export interface DossierChainVerification {
  ok: boolean;
  count: number;
  /** first seq that does not verify (edited, or missing) */
  brokenAtSeq?: number;
  /**
   * `hash`: an event's content or hash changed (or the chain was recomputed without the key);
   * `missing`: a gap, or events the head counts are gone; `head`: the head on the row does not
   * name the newest event; `head-forged`: the head does not carry the key's MAC (or was never
   * keyed); `truncated`: a signed checkpoint saw more events than are left; `checkpoint`: the
   * event a signed checkpoint saw has another hash now.
   */
  reason?: 'hash' | 'missing' | 'head' | 'head-forged' | 'truncated' | 'checkpoint';
}

/** The newest head of a dossier a signed checkpoint covers (null: none yet). */
export async function checkpointedHead(db: DataSource | EntityManager, dossierId: string): Promise<{ seq: number; hash: string } | null> {
  const row = await db.getRepository(DossierCheckpointHeadEntity).findOne({ where: { dossierId }, order: { seq: 'DESC' } });
  return row ? { seq: row.seq, hash: row.hash } : null;
}

/**
 * Recomputes a dossier's chain with the audit key: seq 1… without gaps, each prev_hash the
 * previous hash, each HMAC recomputed, the last one equal to the head kept on the dossier row,
 * that head MACed, and the newest signed checkpoint of this dossier (`checkpointed`, read here
 * when not given) still in the chain. Checkpoint signatures are checked by verifyDossierCheckpoints.
 */
export async function verifyDossierEvents(
  ds: DataSource | EntityManager,
  dossierId: string,
  opts: { checkpointed?: { seq: number; hash: string } | null } = {},
): Promise<DossierChainVerification> {
  const keys = auditKeysFor(dataSourceOf(ds));
  const dossier = await ds.getRepository(DossierEntity).findOneBy({ id: dossierId });
  if (!dossier) throw new DossierNotFoundError(dossierId);
  const checkpointed = opts.checkpointed !== undefined ? opts.checkpointed : await checkpointedHead(ds, dossierId);
  const events = await listDossierEvents(ds, dossierId);
  let prev = DOSSIER_GENESIS_HASH;
  let count = 0;
  for (const e of events) {
    const expected = count + 1;
    if (e.seq !== expected) return { ok: false, count, brokenAtSeq: expected, reason: 'missing' };
    if (e.prevHash !== prev || dossierEventHash(keys, prev, e) !== e.hash) return { ok: false, count, brokenAtSeq: e.seq, reason: 'hash' };
    if (checkpointed && e.seq === checkpointed.seq && e.hash !== checkpointed.hash) return { ok: false, count, brokenAtSeq: e.seq, reason: 'checkpoint' };
    prev = e.hash;
    count++;
  }
  if (checkpointed && checkpointed.seq > count) return { ok: false, count, brokenAtSeq: count + 1, reason: 'truncated' };
  if (dossier.eventCount !== count || dossier.eventHead !== prev) {
    return { ok: false, count, brokenAtSeq: Math.min(count + 1, dossier.eventCount), reason: count < dossier.eventCount ? 'missing' : 'head' };
  }
  if (count > 0 && !dossierHeadIsKeyed(keys, dossier)) return { ok: false, count, brokenAtSeq: count, reason: 'head-forged' };
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

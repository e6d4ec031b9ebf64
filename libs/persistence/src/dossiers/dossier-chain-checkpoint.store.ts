import { sign, verify } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { appendAuditIn, lockAuditChainIn } from '../audit/audit.store';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { auditKeysFor } from '../audit/audit-keys';
import { canonicalJson, sha256Hex } from '../common/hash.util';
import { inTransaction } from '../common/transaction.util';
import { DossierChainCheckpointEntity, DossierCheckpointHeadEntity } from './dossier-chain-checkpoint.entity';
import { dossierHeadIsKeyed } from './dossier-event.store';

/** the audit action that records each dossier checkpoint in the keyed audit chain */
export const DOSSIER_CHECKPOINT_ACTION = 'dossier.chains.checkpoint';

type Head = { dossierId: string; seq: number; hash: string };

function headsDigest(heads: Head[]): string {
  const sorted = [...heads].sort((a, b) => (a.dossierId < b.dossierId ? -1 : a.dossierId > b.dossierId ? 1 : 0));
  return sha256Hex(canonicalJson(sorted.map((h) => [h.dossierId, h.seq, h.hash])));
}

function checkpointMessage(c: Pick<DossierChainCheckpointEntity, 'seq' | 'at' | 'heads' | 'digest'>): Buffer {
  return Buffer.from(canonicalJson({ kind: 'dossier-checkpoint', seq: c.seq, at: c.at.toISOString(), heads: c.heads, digest: c.digest }), 'utf8');
}

/**
 * Signs the heads of every dossier chain that moved since the previous checkpoint (the API
 * calls it with the audit checkpoint: at start and hourly): the heads go to
 * dossier_checkpoint_heads, the checkpoint row carries the Ed25519 signature of their digest,
 * and an audit entry `dossier.chains.checkpoint` {seq, heads, digest} puts it into the keyed
 * audit chain — one transaction. Only heads carrying the key's MAC are signed (a forged head
 * stays reported by `audit verify`). Returns null when no head moved.
 */
export async function createDossierChainCheckpoint(ds: DataSource, opts: { actor?: string } = {}): Promise<DossierChainCheckpointEntity | null> {
  const keys = auditKeysFor(ds);
  return inTransaction(ds, async (m) => {
    // the audit chain's lock also serialises dossier checkpoints (PostgreSQL; SQLite: BEGIN IMMEDIATE)
    await lockAuditChainIn(m);
    const rows = (await m.query(
      `SELECT d.id AS id, d.event_count AS event_count, d.event_head AS event_head, d.event_head_mac AS event_head_mac
         FROM dossiers d
         LEFT JOIN (SELECT dossier_id, MAX(seq) AS seq FROM dossier_checkpoint_heads GROUP BY dossier_id) c ON c.dossier_id = d.id
        WHERE d.event_count > 0 AND (c.seq IS NULL OR c.seq < d.event_count)
        ORDER BY d.id`,
    )) as Array<{ id: string; event_count: number | string; event_head: string; event_head_mac: string | null }>;
    const heads: Head[] = rows
      .map((r) => ({ id: r.id, eventCount: Number(r.event_count), eventHead: r.event_head, eventHeadMac: r.event_head_mac }))
      .filter((d) => dossierHeadIsKeyed(keys, d))
      .map((d) => ({ dossierId: d.id, seq: d.eventCount, hash: d.eventHead }));
    if (heads.length === 0) return null;
    const last = await m.getRepository(DossierChainCheckpointEntity).findOne({ where: {}, order: { seq: 'DESC' } });
    const cp = { seq: (last?.seq ?? 0) + 1, at: new Date(), heads: heads.length, digest: headsDigest(heads), keyId: keys.keyId, signature: '' };
    cp.signature = sign(null, checkpointMessage(cp), keys.signingKey).toString('base64');
    await m.getRepository(DossierChainCheckpointEntity).insert(cp);
    for (let i = 0; i < heads.length; i += 500) {
      await m.getRepository(DossierCheckpointHeadEntity).insert(heads.slice(i, i + 500).map((h) => ({ checkpointSeq: cp.seq, ...h })));
    }
    await appendAuditIn(m, {
      actor: opts.actor ?? 'system',
      action: DOSSIER_CHECKPOINT_ACTION,
      entity: 'dossier-chains',
      entityId: String(cp.seq),
      details: { seq: cp.seq, heads: cp.heads, digest: cp.digest, keyId: cp.keyId },
      at: cp.at,
    });
    return cp;
  });
}

export interface DossierCheckpointsVerification {
  ok: boolean;
  checkpoints: number;
  /** the first checkpoint that cannot be trusted, and why */
  broken?: { seq: number; reason: 'signature' | 'digest' | 'missing' | 'not-in-audit' };
}

/**
 * Every dossier checkpoint: its signature (audit public key), the digest of the heads it
 * lists, seq 1… without gaps, and one audit entry per checkpoint with the same digest — in
 * both directions, so a checkpoint deleted (the newest one too) is found through the keyed
 * audit chain. Whether each dossier's chain still holds its checkpointed head is checked by
 * verifyDossierEvents.
 */
export async function verifyDossierCheckpoints(db: DataSource | EntityManager, ds: DataSource): Promise<DossierCheckpointsVerification> {
  const keys = auditKeysFor(ds);
  const cps = await db.getRepository(DossierChainCheckpointEntity).find({ order: { seq: 'ASC' } });
  const audited = await db.getRepository(AuditEntryEntity).find({ where: { action: DOSSIER_CHECKPOINT_ACTION }, order: { seq: 'ASC' } });
  const auditDigest = new Map(audited.map((a) => [Number(a.entityId), String((a.details as { digest?: unknown }).digest)]));
  const fail = (seq: number, reason: NonNullable<DossierCheckpointsVerification['broken']>['reason']) => ({ ok: false, checkpoints: cps.length, broken: { seq, reason } });
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (c.seq !== i + 1) return fail(i + 1, 'missing');
    const good = c.keyId === keys.keyId && verify(null, checkpointMessage(c), keys.publicKey, Buffer.from(c.signature, 'base64'));
    if (!good) return fail(c.seq, 'signature');
    const heads = await db.getRepository(DossierCheckpointHeadEntity).find({ where: { checkpointSeq: c.seq } });
    if (heads.length !== c.heads || headsDigest(heads) !== c.digest) return fail(c.seq, 'digest');
    if (auditDigest.get(c.seq) !== c.digest) return fail(c.seq, 'not-in-audit');
    auditDigest.delete(c.seq);
  }
  const orphan = [...auditDigest.keys()].sort((a, b) => a - b)[0];
  if (orphan !== undefined) return fail(orphan, 'missing');
  return { ok: true, checkpoints: cps.length };
}

/** The newest checkpointed head of every dossier (verifyAllChains reads them once). */
export async function checkpointedHeads(db: DataSource | EntityManager): Promise<Map<string, { seq: number; hash: string }>> {
  const rows = await db.getRepository(DossierCheckpointHeadEntity).find({ order: { checkpointSeq: 'ASC' } });
  const out = new Map<string, { seq: number; hash: string }>();
  for (const r of rows) {
    const prev = out.get(r.dossierId);
    if (!prev || r.seq >= prev.seq) out.set(r.dossierId, { seq: r.seq, hash: r.hash });
  }
  return out;
}

import type { DataSource } from 'typeorm';
import { DossierEntity } from '../dossiers/dossier.entity';
import { checkpointedHeads, verifyDossierCheckpoints, type DossierCheckpointsVerification } from '../dossiers/dossier-chain-checkpoint.store';
import { verifyDossierEvents, type DossierChainVerification } from '../dossiers/dossier-event.store';
import { verifyAuditChain, type ChainVerification } from './audit.store';

export interface BrokenDossierChain extends Omit<DossierChainVerification, 'ok'> {
  dossierId: string;
  code: string | null;
  brokenAtSeq: number;
}

export interface ChainsVerification {
  /** every chain verifies */
  ok: boolean;
  /** the administrative audit chain (keyed HMAC, signed checkpoints) */
  audit: ChainVerification;
  dossiers: {
    ok: boolean;
    /** dossiers whose event chain was recomputed */
    checked: number;
    /** events verified across all dossiers */
    events: number;
    /** every dossier whose chain is broken, in id order (at most `maxBroken`) */
    broken: BrokenDossierChain[];
    /** the signed checkpoints of the dossier chain heads */
    checkpoints: DossierCheckpointsVerification;
  };
  /** the first entry that cannot be trusted: the audit chain's, else the dossier checkpoints', else the first broken dossier's */
  firstBroken?:
    | { chain: 'audit'; seq: number; reason: string }
    | { chain: 'dossier-checkpoint'; seq: number; reason: string }
    | { chain: 'dossier'; dossierId: string; code: string | null; seq: number; reason: string };
}

/**
 * `audit verify`: the administrative audit chain, the signed checkpoints of the dossier chain
 * heads, AND every dossier's event chain, each recomputed from its first entry with the key. Dossiers are read in id order, 500 at a time.
 */
export async function verifyAllChains(ds: DataSource, opts: { maxBroken?: number } = {}): Promise<ChainsVerification> {
  const maxBroken = opts.maxBroken ?? 100;
  const audit = await verifyAuditChain(ds);
  const checkpoints = await verifyDossierCheckpoints(ds, ds);
  const heads = await checkpointedHeads(ds);
  const broken: BrokenDossierChain[] = [];
  let checked = 0;
  let events = 0;
  let after = '';
  for (;;) {
    const batch = await ds
      .getRepository(DossierEntity)
      .createQueryBuilder('d')
      .select(['d.id', 'd.code'])
      .where('d.id > :after', { after })
      .orderBy('d.id', 'ASC')
      .limit(500)
      .getMany();
    if (batch.length === 0) break;
    for (const d of batch) {
      const v = await verifyDossierEvents(ds, d.id, { checkpointed: heads.get(d.id) ?? null });
      checked++;
      events += v.count;
      if (!v.ok && broken.length < maxBroken) broken.push({ dossierId: d.id, code: d.code, count: v.count, brokenAtSeq: v.brokenAtSeq ?? v.count + 1, ...(v.reason ? { reason: v.reason } : {}) });
      after = d.id;
    }
  }
  const first = broken[0];
  const firstBroken: ChainsVerification['firstBroken'] = !audit.ok
    ? { chain: 'audit', seq: audit.brokenAtSeq ?? 0, reason: audit.reason ?? 'entry-hash' }
    : checkpoints.broken
      ? { chain: 'dossier-checkpoint', seq: checkpoints.broken.seq, reason: checkpoints.broken.reason }
      : first
      ? { chain: 'dossier', dossierId: first.dossierId, code: first.code, seq: first.brokenAtSeq, reason: first.reason ?? 'hash' }
      : undefined;
  return {
    ok: audit.ok && checkpoints.ok && broken.length === 0,
    audit,
    dossiers: { ok: broken.length === 0 && checkpoints.ok, checked, events, broken, checkpoints },
    ...(firstBroken ? { firstBroken } : {}),
  };
}

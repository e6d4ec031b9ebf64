/**
 * Keyed dossier event chains (docs/audit.md): HMAC under the audit key, a MACed head on the
 * dossier row, signed checkpoints of the heads recorded in the keyed audit chain, and the
 * re-keying of chains written the old unkeyed way. On SQLite and PostgreSQL (DATABASE_URL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAuditKeys, setAuditKeys } from '../../audit/audit-keys';
import { verifyAllChains } from '../../audit/chains-verify.store';
import { inTransaction } from '../../common/transaction.util';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../../testing/test-database';
import { createDossierChainCheckpoint, DOSSIER_CHECKPOINT_ACTION } from '../dossier-chain-checkpoint.store';
import {
  appendDossierEvent,
  DOSSIER_GENESIS_HASH,
  legacyDossierEventHash,
  listDossierEvents,
  rekeyDossierChains,
  verifyDossierEvents,
} from '../dossier-event.store';
import { DossierEntity } from '../dossier.entity';
import { insertDossier, seedProcedure } from '../../testing/dossier-fixture';

describe.each(testDatabaseKinds())('keyed dossier event chains (%s)', (kind) => {
  let db: TestDatabase;
  let keyDir: string;
  beforeEach(async () => {
    db = await openTestDatabase(kind);
    keyDir = mkdtempSync(join(tmpdir(), 'tthc-dossier-keys-'));
    setAuditKeys(db.ds, loadAuditKeys({ dataDir: keyDir }));
    await seedProcedure(db.ds);
  });
  afterEach(async () => {
    await db.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  const p = (sql: string) => (kind === 'postgres' ? sql.replace(/\?/g, (() => { let i = 0; return () => `$${++i}`; })()) : sql);
  const q = (sql: string, params: unknown[] = []) => db.ds.query(p(sql), params);

  /** a dossier with `n` events in all (the creation event + n − 1 more) */
  async function dossierWith(n: number): Promise<string> {
    const { dossier } = await insertDossier(db.ds);
    for (let i = 2; i <= n; i++) {
      await inTransaction(db.ds, (m) => appendDossierEvent(m, dossier.id, { kind: 'step.completed', actor: 'officer', unit: 'MOTCUA', at: new Date(Date.UTC(2026, 11, 2, 3, i)), payload: { i } }));
    }
    return dossier.id;
  }

  const row = (id: string) => db.ds.getRepository(DossierEntity).findOneByOrFail({ id });
  const broken = async () => (await verifyAllChains(db.ds)).dossiers.broken.map((b) => [b.dossierId, b.brokenAtSeq, b.reason]);

  it('chains with HMAC under the key: the old unkeyed hash is not what is stored, and the chain verifies', async () => {
    const id = await dossierWith(4);
    const events = await listDossierEvents(db.ds, id);
    expect(events[0].hash).not.toBe(legacyDossierEventHash(DOSSIER_GENESIS_HASH, events[0]));
    expect(await verifyDossierEvents(db.ds, id)).toEqual({ ok: true, count: 4 });
    const all = await verifyAllChains(db.ds);
    expect(all.ok).toBe(true);
    expect(all.dossiers).toMatchObject({ checked: 1, events: 4, broken: [] });
  });

  it('a row changed in the database breaks at that row', async () => {
    const id = await dossierWith(4);
    const other = await dossierWith(3);
    await q(`UPDATE dossier_events SET payload = ? WHERE dossier_id = ? AND seq = 3`, ['{"i":99}', id]);
    expect(await broken()).toEqual([[id, 3, 'hash']]);
    expect((await verifyAllChains(db.ds)).firstBroken).toMatchObject({ chain: 'dossier', dossierId: id, seq: 3, reason: 'hash' });
    expect(await verifyDossierEvents(db.ds, other)).toEqual({ ok: true, count: 3 });
  });

  it('a whole chain recomputed without the key (unkeyed SHA-256, head moved, MAC removed) breaks at its first event, and is not re-keyed', async () => {
    const id = await dossierWith(3);
    // the start-up pass after the migration (nothing to re-key here) is recorded once
    expect(await rekeyDossierChains(db.ds)).toEqual({ rekeyed: 0, notVerifiable: [], alreadyDone: false });
    await q(`UPDATE dossier_events SET payload = ? WHERE dossier_id = ? AND seq = 2`, ['{"i":"forged"}', id]);
    let prev = DOSSIER_GENESIS_HASH;
    for (const e of await listDossierEvents(db.ds, id)) {
      const hash = legacyDossierEventHash(prev, e);
      await q(`UPDATE dossier_events SET prev_hash = ?, hash = ? WHERE dossier_id = ? AND seq = ?`, [prev, hash, id, e.seq]);
      prev = hash;
    }
    await q(`UPDATE dossiers SET event_head = ?, event_head_mac = NULL WHERE id = ?`, [prev, id]);
    expect(await broken()).toEqual([[id, 1, 'hash']]);
    // a later start does not bless it, nor does the next append
    expect(await rekeyDossierChains(db.ds)).toEqual({ rekeyed: 0, notVerifiable: [id], alreadyDone: true });
    await inTransaction(db.ds, (m) => appendDossierEvent(m, id, { kind: 'x', actor: 'officer', at: new Date(Date.UTC(2026, 11, 2, 7)) }));
    expect(await broken()).toEqual([[id, 1, 'hash']]);
  });

  it('the newest event deleted: with the head left, "missing"; with the head rolled back to an earlier MACed state, the signed checkpoint catches it', async () => {
    const id = await dossierWith(3);
    const before = await row(id);
    await inTransaction(db.ds, (m) => appendDossierEvent(m, id, { kind: 'status.changed', actor: 'officer', at: new Date(Date.UTC(2026, 11, 2, 4)), payload: { to: 4 } }));
    const cp = await createDossierChainCheckpoint(db.ds);
    expect(cp).toMatchObject({ seq: 1, heads: 1 });
    expect((await verifyAllChains(db.ds)).ok).toBe(true);

    await q(`DELETE FROM dossier_events WHERE dossier_id = ? AND seq = 4`, [id]);
    expect(await broken()).toEqual([[id, 4, 'truncated']]);
    // a forged head without the key
    await q(`UPDATE dossiers SET event_count = 3, event_head = ?, event_head_mac = ? WHERE id = ?`, [before.eventHead, 'f'.repeat(64), id]);
    expect((await verifyDossierEvents(db.ds, id, { checkpointed: null })).reason).toBe('head-forged');
    // the head rolled back to the earlier, genuinely MACed state (a copy taken before): only the checkpoint knows
    await q(`UPDATE dossiers SET event_head_mac = ? WHERE id = ?`, [before.eventHeadMac, id]);
    expect(await verifyDossierEvents(db.ds, id, { checkpointed: null })).toEqual({ ok: true, count: 3 });
    expect(await broken()).toEqual([[id, 4, 'truncated']]);
    const all = await verifyAllChains(db.ds);
    expect(all.ok).toBe(false);
    expect(all.firstBroken).toMatchObject({ chain: 'dossier', dossierId: id, seq: 4, reason: 'truncated' });
  });

  it('checkpoints: only moved heads are signed, each is an audit entry; a deleted or edited checkpoint is found', async () => {
    const a = await dossierWith(2);
    const b = await dossierWith(2);
    expect(await createDossierChainCheckpoint(db.ds)).toMatchObject({ seq: 1, heads: 2 });
    expect(await createDossierChainCheckpoint(db.ds)).toBeNull();
    await inTransaction(db.ds, (m) => appendDossierEvent(m, b, { kind: 'x', actor: 'officer', at: new Date(Date.UTC(2026, 11, 2, 5)) }));
    expect(await createDossierChainCheckpoint(db.ds)).toMatchObject({ seq: 2, heads: 1 });
    const audited = await q(`SELECT entity_id FROM audit_log WHERE action = ? ORDER BY seq`, [DOSSIER_CHECKPOINT_ACTION]);
    expect(audited.map((r: { entity_id: string }) => r.entity_id)).toEqual(['1', '2']);
    const ok = await verifyAllChains(db.ds);
    expect(ok.ok).toBe(true);
    expect(ok.dossiers.checkpoints).toEqual({ ok: true, checkpoints: 2 });

    // the newest checkpoint deleted with its heads: the keyed audit chain still names it
    await q(`DELETE FROM dossier_checkpoint_heads WHERE checkpoint_seq = 2`);
    await q(`DELETE FROM dossier_chain_checkpoints WHERE seq = 2`);
    const gone = await verifyAllChains(db.ds);
    expect(gone.ok).toBe(false);
    expect(gone.firstBroken).toEqual({ chain: 'dossier-checkpoint', seq: 2, reason: 'missing' });
    // a checkpoint's head edited: its signed digest no longer matches
    await q(`UPDATE dossier_checkpoint_heads SET seq = 1 WHERE checkpoint_seq = 1 AND dossier_id = ?`, [a]);
    expect((await verifyAllChains(db.ds)).firstBroken).toEqual({ chain: 'dossier-checkpoint', seq: 1, reason: 'digest' });
  });

  it('migration: chains written the old unkeyed way are re-keyed when they verify as such, others are left and reported', async () => {
    const good = await dossierWith(3);
    const tampered = await dossierWith(3);
    // rewrite both as the code before the keyed chain left them (unkeyed hashes, no MAC); tamper one
    for (const id of [good, tampered]) {
      let prev = DOSSIER_GENESIS_HASH;
      for (const e of await listDossierEvents(db.ds, id)) {
        const hash = legacyDossierEventHash(prev, e);
        await q(`UPDATE dossier_events SET prev_hash = ?, hash = ? WHERE dossier_id = ? AND seq = ?`, [prev, hash, id, e.seq]);
        prev = hash;
      }
      await q(`UPDATE dossiers SET event_head = ?, event_head_mac = NULL WHERE id = ?`, [prev, id]);
    }
    await q(`UPDATE dossier_events SET actor = 'someone-else' WHERE dossier_id = ? AND seq = 2`, [tampered]);
    expect((await broken()).map((b) => b[0]).sort()).toEqual([good, tampered].sort());

    expect(await rekeyDossierChains(db.ds)).toEqual({ rekeyed: 1, notVerifiable: [tampered], alreadyDone: false });
    expect(await verifyDossierEvents(db.ds, good)).toEqual({ ok: true, count: 3 });
    expect(await broken()).toEqual([[tampered, 1, 'hash']]);
    // an append to a re-keyed chain continues it
    await inTransaction(db.ds, (m) => appendDossierEvent(m, good, { kind: 'x', actor: 'officer', at: new Date(Date.UTC(2026, 11, 2, 6)) }));
    expect(await verifyDossierEvents(db.ds, good)).toEqual({ ok: true, count: 4 });
  });
});

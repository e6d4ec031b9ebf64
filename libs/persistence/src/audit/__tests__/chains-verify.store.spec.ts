/** `verifyAllChains` (tthc audit verify): the audit chain and every dossier chain, on SQLite and PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inTransaction } from '../../common/transaction.util';
import { insertDossier, seedProcedure } from '../../testing/dossier-fixture';
import { appendDossierEvent } from '../../dossiers/dossier-event.store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../../testing/test-database';
import { appendAudit } from '../audit.store';
import { loadAuditKeys, setAuditKeys } from '../audit-keys';
import { verifyAllChains } from '../chains-verify.store';

describe.each(testDatabaseKinds())('verifyAllChains on %s', (kind) => {
  let db: TestDatabase;
  let keyDir: string;
  beforeEach(async () => {
    db = await openTestDatabase(kind);
    keyDir = mkdtempSync(join(tmpdir(), 'tthc-chains-keys-'));
    setAuditKeys(db.ds, loadAuditKeys({ dataDir: keyDir }));
    await seedProcedure(db.ds);
  });
  afterEach(async () => {
    await db.close();
    rmSync(keyDir, { recursive: true, force: true });
  });
  const p = (i: number) => (kind === 'postgres' ? `$${i}` : '?');

  async function dossierWithEvents(n: number): Promise<string> {
    const { dossier } = await insertDossier(db.ds);
    for (let i = 0; i < n; i++) {
      await inTransaction(db.ds, (m) => appendDossierEvent(m, dossier.id, { kind: 'handover', actor: 'officer', unit: 'MOTCUA', at: new Date(), payload: { i } }));
    }
    return dossier.id;
  }

  it('every chain intact: ok, with the counts', async () => {
    for (let i = 0; i < 3; i++) await appendAudit(db.ds, { actor: 'admin', action: 'x.do', entity: 'e', details: { i } });
    await dossierWithEvents(2);
    await dossierWithEvents(3);
    const r = await verifyAllChains(db.ds);
    expect(r).toMatchObject({ ok: true, audit: { ok: true, count: 3 }, dossiers: { ok: true, checked: 2, events: 2 + 1 + 3 + 1, broken: [] } });
    expect(r.firstBroken).toBeUndefined();
  });

  it('names every broken dossier and the first broken entry; a broken audit chain comes first', async () => {
    await appendAudit(db.ds, { actor: 'admin', action: 'x.do', entity: 'e', details: { i: 0 } });
    const a = await dossierWithEvents(3);
    const b = await dossierWithEvents(3);
    const good = await dossierWithEvents(1);
    await db.ds.query(`UPDATE dossier_events SET payload = ${p(1)} WHERE dossier_id = ${p(2)} AND seq = 3`, ['{"i":99}', a]);
    await db.ds.query(`DELETE FROM dossier_events WHERE dossier_id = ${p(1)} AND seq = 2`, [b]);
    const r = await verifyAllChains(db.ds);
    expect(r.ok).toBe(false);
    expect(r.audit.ok).toBe(true);
    const broken = Object.fromEntries(r.dossiers.broken.map((x) => [x.dossierId, [x.brokenAtSeq, x.reason]]));
    expect(broken).toEqual({ [a]: [3, 'hash'], [b]: [2, 'missing'] });
    expect(broken[good]).toBeUndefined();
    expect(r.dossiers.checked).toBe(3);
    const first = [a, b].sort()[0];
    expect(r.firstBroken).toMatchObject({ chain: 'dossier', dossierId: first, seq: broken[first][0] });

    await db.ds.query(`UPDATE audit_log SET details = ${p(1)} WHERE seq = 1`, ['{"i":1}']);
    const r2 = await verifyAllChains(db.ds);
    expect(r2.firstBroken).toEqual({ chain: 'audit', seq: 1, reason: 'entry-hash' });
    expect(r2.dossiers.broken).toHaveLength(2);
  });
});

import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../../testing/test-database';
import { appendAudit, GENESIS_HASH, listAudit, verifyAuditChain } from '../audit.store';

describe.each(testDatabaseKinds())('audit log on %s', (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await openTestDatabase(kind);
  });
  afterEach(() => db.close());

  it('chains entries and detects tampering', async () => {
    const first = await appendAudit(db.ds, { actor: 'officer', action: 'task.complete', entity: 'task', entityId: 't1', details: { b: 1, a: 'x' } });
    expect(first.prevHash).toBe(GENESIS_HASH);
    const second = await appendAudit(db.ds, { actor: 'analyst', action: 'deploy', entity: 'process-definition', entityId: 'p@1' });
    expect(second.prevHash).toBe(first.hash);
    await expect(verifyAuditChain(db.ds)).resolves.toEqual({ ok: true, count: 2 });
    expect((await listAudit(db.ds, { entity: 'task', limit: 10 })).map((e) => e.entityId)).toEqual(['t1']);

    await db.ds.query(`UPDATE audit_log SET details = '{"a":"y","b":1}' WHERE seq = ${first.seq}`);
    await expect(verifyAuditChain(db.ds)).resolves.toEqual({ ok: false, count: 0, brokenAtSeq: first.seq });
  });

  it('never forks under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => appendAudit(db.ds, { actor: `u${i}`, action: 'x', entity: 'e', entityId: String(i) })),
    );
    await expect(verifyAuditChain(db.ds)).resolves.toEqual({ ok: true, count: 20 });
  });
});

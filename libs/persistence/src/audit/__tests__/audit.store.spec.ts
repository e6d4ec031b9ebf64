import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../../common/hash.util';
import { inTransaction } from '../../common/transaction.util';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../../testing/test-database';
import { loadAuditKeys, setAuditKeys } from '../audit-keys';
import {
  appendAudit,
  appendAuditEntriesIn,
  appendAuditIn,
  AUDIT_CHECKPOINT_EVERY,
  createAuditCheckpoint,
  GENESIS_HASH,
  legacyAuditEntryHash,
  listAudit,
  verifyAuditChain,
} from '../audit.store';

interface Row {
  seq: number;
  at: string | Date;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** the hash as the code computed it before the keyed chain: sha256(prev + canonical JSON) */
function unkeyedHash(prev: string, r: Row): string {
  const at = r.at instanceof Date ? r.at : new Date(`${String(r.at).replace(' ', 'T')}Z`);
  const content = { actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, at: at.toISOString(), details: JSON.parse(r.details) };
  return createHash('sha256').update(prev + canonicalJson(content), 'utf8').digest('hex');
}

describe.each(testDatabaseKinds())('audit log on %s', (kind) => {
  let db: TestDatabase;
  let keyDir: string;
  beforeEach(async () => {
    db = await openTestDatabase(kind);
    keyDir = mkdtempSync(join(tmpdir(), 'tthc-audit-keys-'));
    setAuditKeys(db.ds, loadAuditKeys({ dataDir: keyDir }));
  });
  afterEach(async () => {
    await db.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  const append = (n: number) =>
    (async () => {
      for (let i = 0; i < n; i++) await appendAudit(db.ds, { actor: `u${i}`, action: 'x.do', entity: 'e', entityId: String(i), details: { i } });
    })();

  it('chains entries and detects an edited entry', async () => {
    const first = await appendAudit(db.ds, { actor: 'officer', action: 'task.complete', entity: 'task', entityId: 't1', details: { b: 1, a: 'x' } });
    expect(first.prevHash).toBe(GENESIS_HASH);
    const second = await appendAudit(db.ds, { actor: 'analyst', action: 'deploy', entity: 'process-definition', entityId: 'p@1' });
    expect(second.prevHash).toBe(first.hash);
    await expect(verifyAuditChain(db.ds)).resolves.toEqual({ ok: true, count: 2, checkpoints: 0 });
    expect((await listAudit(db.ds, { entity: 'task', limit: 10 })).map((e) => e.entityId)).toEqual(['t1']);

    await db.ds.query(`UPDATE audit_log SET details = '{"a":"y","b":1}' WHERE seq = ${first.seq}`);
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: false, count: 0, brokenAtSeq: first.seq, reason: 'entry-hash' });
  });

  it('detects an edited entry whose later hashes were recomputed the way the code did before (unkeyed sha-256)', async () => {
    await append(8);
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: true, count: 8 });
    const rows: Row[] = await db.ds.query('SELECT * FROM audit_log ORDER BY seq');
    // the forger edits entry 4 and rewrites every hash from there on, consistently
    rows[3].details = JSON.stringify({ i: 3, forged: true });
    let prev = rows[2].hash;
    for (const r of rows.slice(3)) {
      const hash = unkeyedHash(prev, r);
      const p = kind === 'postgres' ? ['$1', '$2', '$3', '$4'] : ['?', '?', '?', '?'];
      await db.ds.query(`UPDATE audit_log SET details = ${p[0]}, prev_hash = ${p[1]}, hash = ${p[2]} WHERE seq = ${p[3]}`, [r.details, prev, hash, r.seq]);
      prev = hash;
    }
    // …and even points the stored head at the new newest hash
    await db.ds.query(`UPDATE audit_head SET hash = '${prev}'`);
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: false, count: 3, brokenAtSeq: rows[3].seq, reason: 'entry-hash' });
  });

  it('detects that the newest entries were deleted', async () => {
    await append(6);
    await db.ds.query('DELETE FROM audit_log WHERE seq > 4');
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: false, count: 4, brokenAtSeq: 5, reason: 'truncated' });
    // the forger also moves the head back: without the key its MAC no longer matches
    const [row4] = await db.ds.query('SELECT hash FROM audit_log WHERE seq = 4');
    await db.ds.query(`UPDATE audit_head SET seq = 4, hash = '${row4.hash}'`);
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: false, reason: 'head-forged' });
    // an append afterwards does not wash it out: the chain stays marked
    await appendAudit(db.ds, { actor: 'admin', action: 'x.after', entity: 'e' });
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: false, brokenAtSeq: 5, reason: 'head-tainted' });
  });

  it('detects a deleted head', async () => {
    await append(3);
    await db.ds.query('DELETE FROM audit_head');
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: false, reason: 'head-forged' });
    await appendAudit(db.ds, { actor: 'admin', action: 'x.after', entity: 'e' });
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: false, brokenAtSeq: 4, reason: 'head-tainted' });
  });

  it('signs a checkpoint every AUDIT_CHECKPOINT_EVERY entries and on demand; a forged checkpoint fails', async () => {
    await append(AUDIT_CHECKPOINT_EVERY + 3);
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: true, checkpoints: 1, lastCheckpointSeq: AUDIT_CHECKPOINT_EVERY });
    const cp = await createAuditCheckpoint(db.ds);
    expect(cp?.seq).toBe(AUDIT_CHECKPOINT_EVERY + 3);
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: true, checkpoints: 2 });
    await db.ds.query(`UPDATE audit_checkpoints SET hash = '${'a'.repeat(64)}' WHERE seq = ${AUDIT_CHECKPOINT_EVERY}`);
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: false, brokenAtSeq: AUDIT_CHECKPOINT_EVERY, reason: 'checkpoint' });
  });

  it('an entry written inside a transaction that rolls back leaves no trace', async () => {
    await append(2);
    await expect(
      inTransaction(db.ds, async (m) => {
        await appendAuditIn(m, { actor: 'admin', action: 'user.update', entity: 'user', entityId: 'u' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await inTransaction(db.ds, (m) => appendAuditIn(m, { actor: 'admin', action: 'user.update', entity: 'user', entityId: 'v' }));
    expect((await listAudit(db.ds, { limit: 10 })).map((e) => e.entityId)).toEqual(['0', '1', 'v']);
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: true, count: 3 });
  });

  it('re-keys a chain written before the keyed chain (unkeyed, no head) on the first append', async () => {
    const p = kind === 'postgres' ? '$1, $2, $3, $4, $5, $6, $7, $8' : '?, ?, ?, ?, ?, ?, ?, ?';
    let prev = GENESIS_HASH;
    for (let i = 0; i < 3; i++) {
      const e = { actor: 'old', action: 'legacy', entity: 'e', entityId: String(i), at: new Date(Date.UTC(2026, 0, 1, 8, i)), details: { i } };
      const hash = legacyAuditEntryHash(prev, e);
      await db.ds.query(`INSERT INTO audit_log (at, actor, action, entity, entity_id, details, prev_hash, hash) VALUES (${p})`, [
        kind === 'postgres' ? e.at : e.at.toISOString().replace('T', ' ').replace('Z', ''),
        e.actor, e.action, e.entity, e.entityId, JSON.stringify(e.details), prev, hash,
      ]);
      prev = hash;
    }
    await appendAudit(db.ds, { actor: 'new', action: 'keyed', entity: 'e' });
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: true, count: 4 });
  });

  it('never forks under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => appendAudit(db.ds, { actor: `u${i}`, action: 'x', entity: 'e', entityId: String(i) })),
    );
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: true, count: 20 });
  });

  it('keeps the entries of each transaction together and in order when many append several at once (one INSERT, one head update each)', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        inTransaction(db.ds, (m) =>
          appendAuditEntriesIn(m, [
            { actor: `u${i}`, action: 'task.complete', entity: 'task', entityId: `t${i}` },
            { actor: `u${i}`, action: 'task.complete', entity: 'process-instance', entityId: `p${i}` },
          ]),
        ),
      ),
    );
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: true, count: 24 });
    const listed = (await listAudit(db.ds, { limit: 100 })).sort((a, b) => a.seq - b.seq);
    for (let k = 0; k < 24; k += 2) {
      expect(listed[k].entityId!.slice(1)).toBe(listed[k + 1].entityId!.slice(1));
      expect([listed[k].entity, listed[k + 1].entity]).toEqual(['task', 'process-instance']);
      expect(listed[k + 1].prevHash).toBe(listed[k].hash);
    }
  });

  it('a chain verified with another key fails', async () => {
    await append(2);
    const otherDir = mkdtempSync(join(tmpdir(), 'tthc-audit-other-'));
    try {
      setAuditKeys(db.ds, loadAuditKeys({ dataDir: otherDir }));
      await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: false, brokenAtSeq: 1, reason: 'entry-hash' });
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});

/**
 * Two API replicas starting together on one database (docker compose `--scale api=2`): the
 * demo seed and the agency/unit seed must not collide on unique keys, and what a replica does
 * once at start runs under a start-up lock (one replica after the other on PostgreSQL).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit, verifyAuditChain } from '../../audit/audit.store';
import { loadAuditKeys, setAuditKeys } from '../../audit/audit-keys';
import { createDataSource, withStartupLock } from '../../data-source';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../../testing/test-database';
import { ensureUser, upsertAgency, upsertUnit } from '../identity.store';
import { UnitEntity } from '../unit.entity';
import { UserEntity } from '../user.entity';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** waits (no time limit of its own: Jest's timeout ends a hung test) until `fn` holds */
async function until(what: string, fn: () => Promise<boolean>, attempts = 600): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await fn()) return;
    await sleep(100);
  }
  throw new Error(`never happened: ${what}`);
}

describe.each(testDatabaseKinds())('replicas starting together on %s', (kind) => {
  let db: TestDatabase;
  /**
   * the second replica's connection pool on the same database (PostgreSQL). SQLite is the
   * embedded mode — one API process, writers serialised by BEGIN IMMEDIATE on its one
   * connection — so there the "second replica" is the same DataSource.
   */
  let other: DataSource;
  let keyDir: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    other = kind === 'postgres' ? createDataSource(db.config) : db.ds;
    if (!other.isInitialized) await other.initialize();
    keyDir = mkdtempSync(join(tmpdir(), 'tthc-replica-keys-'));
    const keys = loadAuditKeys({ dataDir: keyDir });
    setAuditKeys(db.ds, keys);
    setAuditKeys(other, keys);
  });
  afterAll(async () => {
    if (other !== db?.ds && other?.isInitialized) await other.destroy();
    await db?.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('ensureUser while another replica is inserting the same username: created false, one row, no unique-key error', async () => {
    const username = `race-${randomUUID().slice(0, 8)}`;
    const theirs = randomUUID();
    const row = { id: theirs, username, fullName: 'B', passwordHash: 'x', roles: ['officer' as const], agency: null, units: [], groups: [], title: null, active: true, tokenVersion: 0, createdAt: new Date() };
    // replica B's transaction has inserted the user and not committed yet (SQLite: B has committed)
    const b = other.createQueryRunner();
    await b.connect();
    try {
      if (kind === 'postgres') await b.query('BEGIN');
      await b.manager.insert(UserEntity, row);
      // replica A seeds the same user meanwhile
      const seeding = ensureUser(db.ds, { username, fullName: 'A', passwordHash: 'y', roles: ['officer'] });
      if (kind === 'postgres') {
        // A has read "no such user" and now waits on B's uncommitted row (the unique index)
        const [{ pid }] = await b.query('SELECT pg_backend_pid() AS pid');
        await until('replica A blocked by replica B', async () => (await db.ds.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]))[0].n > 0);
        await b.query('COMMIT');
      }
      const res = await seeding;
      expect({ created: res.created, id: res.user.id, fullName: res.user.fullName }).toEqual({ created: false, id: theirs, fullName: 'B' });
    } finally {
      if (b.isTransactionActive) await b.query('ROLLBACK').catch(() => undefined);
      await b.release();
    }
    expect(await db.ds.getRepository(UserEntity).countBy({ username })).toBe(1);
    // and a fresh username is still created
    const fresh = await ensureUser(db.ds, { username: `${username}-2`, fullName: 'C', passwordHash: 'z', roles: ['officer'] });
    expect(fresh.created).toBe(true);
    expect((await db.ds.getRepository(UserEntity).findOneByOrFail({ username: `${username}-2` })).id).toBe(fresh.user.id);
  });

  it('upsertUnit from two replicas at once: one row per (agency, code), renamed by the last', async () => {
    await upsertAgency(db.ds, { code: 'RACE', name: 'Sở Thử' });
    const codes = ['MOTCUA', 'HCTP', 'KINHTE', 'TUPHAP'];
    await Promise.all(codes.flatMap((code) => [upsertUnit(db.ds, { agency: 'RACE', code, name: `${code} A` }), upsertUnit(other, { agency: 'RACE', code, name: `${code} B` })]));
    const rows = await db.ds.getRepository(UnitEntity).find({ where: { agency: 'RACE' }, order: { code: 'ASC' } });
    expect(rows.map((r) => r.code)).toEqual([...codes].sort());
    for (const r of rows) expect([`${r.code} A`, `${r.code} B`]).toContain(r.name);
    await upsertUnit(db.ds, { agency: 'RACE', code: 'HCTP', name: 'Phòng Hành chính tư pháp' });
    expect((await db.ds.getRepository(UnitEntity).findOneByOrFail({ agency: 'RACE', code: 'HCTP' })).name).toBe('Phòng Hành chính tư pháp');
  });

  // PostgreSQL only: with SQLite (embedded, one API process) there is no second replica to wait for
  if (kind === 'postgres') it('withStartupLock: the second replica starts its seed only after the first one finished', async () => {
    const events: string[] = [];
    const first = withStartupLock(db.ds, async () => {
      events.push('A starts');
      // B asks for the lock while A holds it: B waits (an advisory lock not granted)
      await until('replica B waiting for the start-up lock', async () => (await db.ds.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))[0].n > 0);
      // what a replica does at start writes the audit chain (deployments): the start-up lock must not block it
      await appendAudit(db.ds, { actor: 'system', action: 'deployment.create', entity: 'deployment', entityId: 'start-up' });
      events.push('A ends');
      return 'A';
    });
    await until('A holds the lock', async () => events.length > 0);
    const second = withStartupLock(other, async () => {
      events.push('B starts');
      await appendAudit(other, { actor: 'system', action: 'deployment.create', entity: 'deployment', entityId: 'start-up' });
      return 'B';
    });
    expect(await Promise.all([first, second])).toEqual(['A', 'B']);
    expect(events).toEqual(['A starts', 'A ends', 'B starts']);
    expect((await verifyAuditChain(db.ds)).ok).toBe(true);
  });
});

/**
 * A replica (or a test file) whose start-up needs an advisory lock that another connection
 * keeps holding fails with an error naming the step and the holder, instead of waiting forever
 * (the wait is the session's lock_timeout; 1 s here). PostgreSQL only: advisory locks are
 * PostgreSQL's (SQLite runs one embedded process and takes none).
 */
import { Client } from 'pg';
import { createDataSource, runMigrations, withStartupLock } from '../data-source';
import { ADVISORY_LOCK } from '../common/advisory-locks';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/test-database';

describe('start-up lock waits on sqlite', () => {
  it('SQLite (one embedded process) takes no lock: the start-up step just runs', async () => {
    const db = await openTestDatabase('sqlite');
    try {
      await expect(withStartupLock(db.ds, async () => 'seeded')).resolves.toBe('seeded');
    } finally {
      await db.close();
    }
  });
});

// PostgreSQL when DATABASE_URL is set (as in CI), like every database spec (testDatabaseKinds)
if (testDatabaseKinds().includes('postgres')) describe('start-up lock waits on postgres', () => {
  let db: TestDatabase;
  let holder: Client;
  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    holder = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'stuck-replica' });
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.end();
    await db?.close();
  });

  /** the test schema's URL with a 1 s lock_timeout */
  const shortWaitUrl = () => {
    const url = new URL(db.config.databaseUrl!);
    url.searchParams.set('options', url.searchParams.get('options')!.replace(/lock_timeout=\S+/, 'lock_timeout=1s'));
    return url.toString();
  };

  it.each([
    ['migrations', 'database migrations', (ds: ReturnType<typeof createDataSource>) => runMigrations(ds)],
    ['startup', 'start-up (demo seed, processes directory)', (ds: ReturnType<typeof createDataSource>) => withStartupLock(ds, async () => 'seeded')],
  ] as const)('a %s lock held by a stuck connection fails the start with its pid; once released the start goes on', async (lock, step, start) => {
    const [{ pid }] = (await holder.query('SELECT pg_backend_pid() AS pid')).rows;
    const ds = createDataSource({ databaseUrl: shortWaitUrl(), poolSize: 1 });
    await ds.initialize();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK[lock]]);
      const refused = await start(ds).then(() => undefined, (err: Error) => err.message);
      expect(refused).toContain(`${step}: gave up after waiting 1s for PostgreSQL advisory lock ${ADVISORY_LOCK[lock]}, held by pid ${pid} (stuck-replica`);
      await holder.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK[lock]]);
      await expect(start(ds)).resolves.not.toThrow();
      // the (only) connection, which waited, is back on the session's own lock_timeout
      expect(await ds.query('SHOW lock_timeout')).toEqual([{ lock_timeout: '1s' }]);
    } finally {
      await holder.query('SELECT pg_advisory_unlock_all()');
      await ds.destroy();
    }
  });
});

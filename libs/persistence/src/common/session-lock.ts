import type { QueryRunner } from 'typeorm';

/** PostgreSQL's SQLSTATE when a lock wait runs past lock_timeout */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * How long a start-up step (migrations, seed) waits for another replica's advisory lock when the
 * session has no lock_timeout of its own (DATABASE_URL `options=-c lock_timeout=…` overrides it;
 * the test databases set 60 s). Longer than any migration we ship; a replica still waiting after
 * that is waiting on a stuck holder, and fails with its pid instead of hanging its deploy.
 */
export const DEFAULT_STARTUP_LOCK_WAIT = '10min';

/**
 * Takes the session advisory lock `key` on the runner's connection, waiting at most the session's
 * lock_timeout (or DEFAULT_STARTUP_LOCK_WAIT when it has none). When the wait runs out the error
 * names the step, the lock and the connection(s) holding it — not PostgreSQL's bare
 * "canceling statement due to lock timeout".
 */
export async function takeSessionLock(runner: QueryRunner, key: number, step: string): Promise<void> {
  const [{ lock_timeout: own }] = (await runner.query('SHOW lock_timeout')) as Array<{ lock_timeout: string }>;
  const wait = own === '0' ? DEFAULT_STARTUP_LOCK_WAIT : own;
  if (own === '0') await runner.query(`SET lock_timeout = '${DEFAULT_STARTUP_LOCK_WAIT}'`);
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [key]);
  } catch (err) {
    if ((err as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw err;
    throw new Error(`${step}: gave up after waiting ${wait} for PostgreSQL advisory lock ${key}, held by ${await describeHolders(runner, key)}`);
  } finally {
    if (own === '0') await runner.query('RESET lock_timeout');
  }
}

/** who holds advisory lock `key` in this database: pid, application, state, since when */
async function describeHolders(runner: QueryRunner, key: number): Promise<string> {
  const rows = (await runner.query(
    `SELECT a.pid, a.application_name, a.client_addr, a.state, a.backend_start
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [Math.floor(key / 2 ** 32), key % 2 ** 32],
  )) as Array<{ pid: number; application_name: string; client_addr: string | null; state: string; backend_start: Date }>;
  if (!rows.length) return 'a session that let it go meanwhile (start again)';
  const who = rows.map((r) => `pid ${r.pid} (${r.application_name || 'no application name'}${r.client_addr ? ` from ${r.client_addr}` : ''}, ${r.state}, connected ${new Date(r.backend_start).toISOString()})`);
  return `${who.join(', ')}; a process stuck holding it must be stopped (or SELECT pg_terminate_backend(pid))`;
}

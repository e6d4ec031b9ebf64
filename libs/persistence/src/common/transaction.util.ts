import type { DataSource, EntityManager } from 'typeorm';

/**
 * Run `fn` in a transaction.
 *
 * PostgreSQL: TypeORM's pooled transaction.
 *
 * SQLite (why this is hand-written): TypeORM's better-sqlite3 driver shares ONE
 * connection between all query runners, so two overlapping transactions of one
 * DataSource would nest ("cannot start a transaction within a transaction") — we queue
 * them. And TypeORM opens SQLite transactions DEFERRED: a transaction that reads and
 * then writes while another process (API vs worker) wrote in between fails with
 * SQLITE_BUSY without waiting. `BEGIN IMMEDIATE` takes the write lock up front, so
 * busy_timeout applies and the transaction never has to be retried.
 */
const queues = new WeakMap<DataSource, Promise<unknown>>();

export async function inTransaction<T>(ds: DataSource, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type === 'postgres') return ds.transaction(fn);
  const previous = queues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => sqliteImmediate(ds, fn));
  queues.set(ds, run.catch(() => undefined));
  return run;
}

async function sqliteImmediate<T>(ds: DataSource, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  await runner.query('BEGIN IMMEDIATE');
  try {
    const result = await fn(runner.manager);
    await runner.query('COMMIT');
    return result;
  } catch (err) {
    await runner.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await runner.release();
  }
}

import type { DataSource, EntityManager } from 'typeorm';

/**
 * Run `fn` in a transaction. TypeORM's better-sqlite3 driver shares ONE connection
 * between all query runners, so two overlapping transactions would nest ("cannot start
 * a transaction within a transaction"). On SQLite we therefore queue transactions of
 * one DataSource behind each other; PostgreSQL uses its connection pool as usual.
 */
const queues = new WeakMap<DataSource, Promise<unknown>>();

export async function inTransaction<T>(ds: DataSource, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type === 'postgres') return ds.transaction(fn);
  const previous = queues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => ds.transaction(fn));
  queues.set(ds, run.catch(() => undefined));
  return run;
}

/**
 * Counts the statements the database refused with the test trigger (withInsertRefused, @tthc/persistence), on the
 * DataSource the in-process worker writes through: shows that a write was tried and refused. Each query runner is
 * wrapped once (SQLite's driver hands out one shared runner).
 */
import type { DataSource } from 'typeorm';

export function countRefusals(ds: DataSource): () => number {
  const wrapped = new WeakSet<object>();
  let refused = 0;
  const original = ds.createQueryRunner.bind(ds);
  ds.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>) => {
    const runner = original(...args);
    if (wrapped.has(runner)) return runner;
    wrapped.add(runner);
    const query = runner.query.bind(runner);
    runner.query = (async (...q: Parameters<typeof query>) => {
      try {
        return await query(...q);
      } catch (err) {
        if (/refused by test/.test(String(err))) refused += 1;
        throw err;
      }
    }) as typeof runner.query;
    return runner;
  };
  return () => refused;
}

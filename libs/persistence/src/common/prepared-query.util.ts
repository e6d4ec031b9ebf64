import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { sha256Hex } from './hash.util';

/**
 * Runs a read that the API sends many times with other values (the inbox page) — on
 * PostgreSQL as a named prepared statement: each pooled connection parses it once, and
 * PostgreSQL's plan cache can reuse a generic plan instead of planning the statement on every
 * request (W6: planning the inbox's UNION of index branches was ≈ a third of the database's
 * CPU per page). The name is derived from the text, so one text is one statement per
 * connection (the inbox has a handful of shapes: number of groups, cursor, filters). Logged
 * like `ds.query`; errors are TypeORM's QueryFailedError as for `ds.query`. SQLite: `ds.query`.
 */
export async function queryPrepared<T = Record<string, unknown>>(ds: DataSource, sql: string, values: unknown[]): Promise<T[]> {
  if (ds.options.type !== 'postgres') return ds.query(sql, values);
  const runner = ds.createQueryRunner('slave');
  try {
    const client = (await runner.connect()) as PoolClient;
    ds.logger.logQuery(sql, values, runner);
    try {
      const result = await client.query({ name: `tthc_${sha256Hex(sql).slice(0, 24)}`, text: sql, values });
      return result.rows as T[];
    } catch (err) {
      ds.logger.logQueryError(err as Error, sql, values, runner);
      throw new QueryFailedError(sql, values, err as Error);
    }
  } finally {
    await runner.release();
  }
}

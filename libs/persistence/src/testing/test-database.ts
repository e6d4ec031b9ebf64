import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase, type DataSourceConfig } from '../data-source';

export type TestDbKind = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when DATABASE_URL is set (as in CI). */
export function testDatabaseKinds(): TestDbKind[] {
  return process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase {
  kind: TestDbKind;
  config: DataSourceConfig;
  ds: DataSource;
  /** destroys the DataSource and drops the throw-away schema/file */
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a temp SQLite file, or a throw-away
 * PostgreSQL schema (search_path) inside DATABASE_URL so parallel test files and
 * projects sharing one database never see each other's rows.
 */
export async function openTestDatabase(kind: TestDbKind): Promise<TestDatabase> {
  const { config, cleanup } = kind === 'sqlite' ? sqliteFile() : await postgresSchema();
  const ds = await openDatabase(config).catch(async (err: unknown) => {
    await cleanup().catch(() => undefined);
    throw err;
  });
  return {
    kind,
    config,
    ds,
    close: async () => {
      if (ds.isInitialized) await ds.destroy();
      await cleanup();
    },
  };
}

interface Scratch {
  config: DataSourceConfig;
  /** removes what was created, after the DataSource is destroyed */
  cleanup(): Promise<void>;
}

function sqliteFile(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-db-'));
  return {
    config: { sqlitePath: join(dir, 'test.sqlite') },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Every lock a test's session waits for — the migration and start-up advisory locks (database-wide,
 * shared by every test file on DATABASE_URL), a schema's tables while it is dropped, rows — gives
 * up after this, with an error, well inside Jest's 120 s: a process stuck holding a lock fails the
 * set-up with its pid (takeSessionLock) instead of hanging the run.
 */
export const TEST_LOCK_TIMEOUT = '60s';

async function postgresSchema(): Promise<Scratch> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema} -c lock_timeout=${TEST_LOCK_TIMEOUT}`);
  return {
    config: { databaseUrl: url.toString(), poolSize: 5 },
    cleanup: () => adminQuery(base, `DROP SCHEMA ${schema} CASCADE`),
  };
}

/** one statement on a connection of its own; connecting and waiting for locks are bounded */
async function adminQuery(connectionString: string, sql: string): Promise<void> {
  const url = new URL(connectionString);
  url.searchParams.set('options', `-c lock_timeout=${TEST_LOCK_TIMEOUT}`);
  const c = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 30_000 });
  await c.connect();
  try {
    await c.query(sql);
  } catch (err) {
    throw new Error(`test database: ${sql}: ${(err as Error).message}`);
  } finally {
    await c.end();
  }
}

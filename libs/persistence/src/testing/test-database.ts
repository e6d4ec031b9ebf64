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
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tthc-db-'));
    const config = { sqlitePath: join(dir, 'test.sqlite') };
    const ds = await openDatabase(config);
    return {
      kind,
      config,
      ds,
      close: async () => {
        if (ds.isInitialized) await ds.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const config = { databaseUrl: url.toString(), poolSize: 5 };
  const ds = await openDatabase(config);
  return {
    kind,
    config,
    ds,
    close: async () => {
      if (ds.isInitialized) await ds.destroy();
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { type DataSourceConfig, dataSourceOptions, runMigrations } from '../data-source';
import { CALENDAR_ENTITIES, CALENDAR_MIGRATIONS } from './calendar-entities';

/**
 * Like testing/test-database, with the calendar entities and migration added (deduplicated,
 * so it keeps working once they are registered in ENTITIES / MIGRATIONS).
 */
export async function openCalendarTestDatabase(kind: 'sqlite' | 'postgres'): Promise<{ ds: DataSource; close(): Promise<void> }> {
  let config: DataSourceConfig;
  let cleanup: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tthc-cal-'));
    config = { sqlitePath: join(dir, 'test.sqlite') };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const base = process.env.DATABASE_URL as string;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const url = new URL(base);
    url.searchParams.set('options', `-c search_path=${schema}`);
    config = { databaseUrl: url.toString(), poolSize: 3 };
    cleanup = async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    };
  }
  const base = dataSourceOptions(config);
  const ds = new DataSource({
    ...base,
    entities: [...new Set([...(base.entities as unknown[]), ...CALENDAR_ENTITIES])],
    migrations: [...new Set([...(base.migrations as unknown[]), ...CALENDAR_MIGRATIONS])],
  } as DataSourceOptions);
  await runMigrations(ds);
  return {
    ds,
    close: async () => {
      if (ds.isInitialized) await ds.destroy();
      await cleanup();
    },
  };
}

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, MigrationExecutor, type DataSourceOptions } from 'typeorm';
import { ADVISORY_LOCK } from './common/advisory-locks';
import { takeSessionLock } from './common/session-lock';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceConfig {
  /** `postgres://…` → PostgreSQL; absent → SQLite */
  databaseUrl?: string;
  /** SQLite file (default `.data/tthc.sqlite`); `:memory:` for a throw-away database */
  sqlitePath?: string;
  /** log SQL (debugging) */
  logging?: boolean;
  /** PostgreSQL pool size (default 10) */
  poolSize?: number;
}

export const DEFAULT_SQLITE_PATH = '.data/tthc.sqlite';

export function dataSourceOptions(config: DataSourceConfig = {}): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: config.logging ?? false,
  } as const;
  if (config.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
      throw new Error(`DATABASE_URL must be a postgres:// URL (got ${config.databaseUrl.split(':')[0]}:…)`);
    }
    // connectionTimeoutMillis: connecting, or waiting for a free pooled connection, fails after a
    // minute instead of waiting forever (pg's default) when the server or the pool is stuck
    return { ...common, type: 'postgres', url: config.databaseUrl, extra: { max: config.poolSize ?? 10, connectionTimeoutMillis: 60_000 } };
  }
  const file = config.sqlitePath ?? DEFAULT_SQLITE_PATH;
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: file,
    // WAL lets readers (API) and the writer (worker process) work side by side;
    // busy_timeout makes a second process wait for the write lock instead of failing.
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}

/** Build (not yet initialised) a DataSource; call `initialize()` then `runMigrations(ds)`. */
export function createDataSource(config: DataSourceConfig = {}): DataSource {
  return new DataSource(dataSourceOptions(config));
}

const MIGRATION_LOCK_KEY = ADVISORY_LOCK.migrations;

/**
 * Initialise if needed and apply pending migrations (each in its own transaction).
 * On PostgreSQL an advisory lock makes api and worker replicas starting together
 * migrate one after the other instead of racing on CREATE TABLE; the wait for that lock is
 * bounded (takeSessionLock: the session's lock_timeout, else 10 min) and names the holder.
 */
export async function runMigrations(ds: DataSource): Promise<void> {
  if (!ds.isInitialized) await ds.initialize();
  if (ds.options.type !== 'postgres') {
    await ds.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = ds.createQueryRunner();
  try {
    await takeSessionLock(runner, MIGRATION_LOCK_KEY, 'database migrations');
    const executor = new MigrationExecutor(ds, runner);
    executor.transaction = 'each';
    await executor.executePendingMigrations();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

const STARTUP_LOCK_KEY = ADVISORY_LOCK.startup;

/**
 * Runs `fn` — what an API replica does once at start after the migrations (demo seed, the
 * processes directory, the procedure catalog) — while holding a PostgreSQL advisory lock on a
 * connection of its own, so replicas starting together (`up --scale api=2`) do it one after
 * the other: the second one finds everything in place (unchanged versions, existing users)
 * instead of racing on unique keys. The lock is a session lock: a replica that dies while
 * holding it releases it with its connection; one stuck alive makes the others fail after the bounded
 * wait of takeSessionLock, naming its pid. SQLite (embedded, one API process): just `fn`.
 */
export async function withStartupLock<T>(ds: DataSource, fn: () => Promise<T>): Promise<T> {
  if (!ds.isInitialized) await ds.initialize();
  if (ds.options.type !== 'postgres') return fn();
  const runner = ds.createQueryRunner();
  try {
    await takeSessionLock(runner, STARTUP_LOCK_KEY, 'start-up (demo seed, processes directory)');
    return await fn();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** Convenience: createDataSource + initialize + runMigrations (a failure closes the pool it opened). */
export async function openDatabase(config: DataSourceConfig = {}): Promise<DataSource> {
  const ds = createDataSource(config);
  try {
    await runMigrations(ds);
  } catch (err) {
    if (ds.isInitialized) await ds.destroy().catch(() => undefined);
    throw err;
  }
  return ds;
}

export function isPostgres(ds: DataSource): boolean {
  return ds.options.type === 'postgres';
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TASK_QUEUE_DEFAULT, temporalConnectionEnv, temporalConnectionOptions, type TemporalConnectionOptions } from '@tthc/contracts';
import { auditKeySourcesFromEnv, type AuditKeySources } from '@tthc/persistence';

export interface ApiConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  sqlitePath?: string;
  dataDir: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    /** TLS / mTLS to a Temporal cluster (TEMPORAL_TLS, TEMPORAL_TLS_CERT / _KEY / _CA / _SERVER_NAME; same as the worker) */
    tls?: TemporalConnectionOptions['tls'];
    /** TEMPORAL_API_KEY / TEMPORAL_API_KEY_FILE (Temporal Cloud, or a cluster with an authorizer) */
    apiKey?: string;
  };
  jwt: { secret: string; ttl: string };
  /** audit chain keys (TTHC_AUDIT_KEY / _FILE, TTHC_AUDIT_SIGNING_KEY_FILE); default: generated into dataDir */
  audit?: AuditKeySources;
  /** Express "trust proxy" (TTHC_TRUST_PROXY): set behind a reverse proxy so req.ip is the client */
  trustProxy?: string;
  /** Temporal's blob size limit in bytes (TTHC_PAYLOAD_LIMIT; default 2 MiB, Temporal's default) */
  payloadLimitBytes?: number;
  /** batch migrations of more instances than this run asynchronously as a Temporal workflow (TTHC_MIGRATION_SYNC_MAX; default 500) */
  migrationSyncMax?: number;
  /** body size limit for JSON and XML (bytes or `10mb`) */
  maxBody: string;
  webDist?: string;
  seedDemo: boolean;
  processesDir?: string;
  /** Nest logger on/off (tests keep it quiet) */
  logger: boolean;
}

const truthy = (v: string | undefined) => v !== undefined && ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());

/**
 * The JWT secret: TTHC_JWT_SECRET, else one generated on first start and kept in
 * `<dataDir>/jwt-secret` (mode 0600) so tokens survive restarts; never in the repo.
 */
export function jwtSecretFor(dataDir: string, explicit?: string): string {
  if (explicit) return explicit;
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // another replica created it between our check and our write: use theirs
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  }
  return secret;
}

export function loadConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const dataDir = resolve(env.TTHC_DATA_DIR ?? '.data');
  return {
    port: Number(env.TTHC_PORT ?? 3000),
    host: env.TTHC_HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    sqlitePath: env.TTHC_SQLITE_PATH ?? join(dataDir, 'tthc.sqlite'),
    dataDir,
    temporal: temporalFromEnv(env),
    jwt: { secret: jwtSecretFor(dataDir, env.TTHC_JWT_SECRET), ttl: env.TTHC_JWT_TTL ?? '8h' },
    audit: auditKeySourcesFromEnv(env, dataDir),
    maxBody: env.TTHC_MAX_BODY ?? '10mb',
    trustProxy: env.TTHC_TRUST_PROXY || undefined,
    payloadLimitBytes: env.TTHC_PAYLOAD_LIMIT ? Number(env.TTHC_PAYLOAD_LIMIT) : undefined,
    migrationSyncMax: env.TTHC_MIGRATION_SYNC_MAX ? Number(env.TTHC_MIGRATION_SYNC_MAX) : undefined,
    webDist: env.TTHC_WEB_DIST,
    seedDemo: truthy(env.TTHC_SEED_DEMO),
    processesDir: env.TTHC_PROCESSES_DIR,
    logger: env.TTHC_LOG !== '0',
  };
}

function temporalFromEnv(env: NodeJS.ProcessEnv): ApiConfig['temporal'] {
  const c = temporalConnectionEnv(env, { taskQueue: TASK_QUEUE_DEFAULT });
  return { address: c.address, namespace: c.namespace, taskQueue: c.taskQueue, ...temporalConnectionOptions(c, (path) => readFileSync(path)) };
}

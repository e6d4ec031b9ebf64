import { TASK_QUEUE_DEFAULT, temporalConnectionEnv, temporalConnectionOptions, type TemporalConnectionOptions } from '@tthc/contracts';
import { readFileSync } from 'node:fs';

export interface WorkerConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** TLS / mTLS (TEMPORAL_TLS, TEMPORAL_TLS_CERT / _KEY / _CA / _SERVER_NAME; same as the API) */
  tls?: TemporalConnectionOptions['tls'];
  /** TEMPORAL_API_KEY / TEMPORAL_API_KEY_FILE */
  apiKey?: string;
  databaseUrl?: string;
  sqlitePath: string;
}

/** Reads the worker's environment (README's configuration table, docs/deploy.md). */
export function workerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const c = temporalConnectionEnv(env, { taskQueue: TASK_QUEUE_DEFAULT });
  return {
    address: c.address,
    namespace: c.namespace,
    taskQueue: c.taskQueue,
    ...temporalConnectionOptions(c, (path) => readFileSync(path)),
    databaseUrl: env.DATABASE_URL || undefined,
    sqlitePath: env.TTHC_SQLITE_PATH ?? '.data/tthc.sqlite',
  };
}

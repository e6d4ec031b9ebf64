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
  /** PostgreSQL connections of the worker's pool (TTHC_WORKER_DB_POOL, default WORKER_DB_POOL_DEFAULT) */
  databasePoolSize: number;
  tuning: WorkerTuning;
}

/**
 * The worker's PostgreSQL pool. Its local activities (step guards, progress writes) each hold a
 * connection for a whole transaction, up to 100 at once; with the API's 10 a W2 trace (session 9)
 * showed step guards waiting p50 0.3 s for a connection at 20 completions/s. 20 per worker replica;
 * size PostgreSQL's max_connections for replicas × this + the API's (docs/deploy.md).
 */
export const WORKER_DB_POOL_DEFAULT = 20;

/**
 * Worker concurrency and sticky cache (docs/worker.md "Tuning", measured with W4).
 * `maxCachedWorkflows`: runs kept in memory between their workflow tasks. A run that is not in
 * the cache when its timer fires (or a task completes) is rebuilt by replaying its whole history —
 * the SDK's default (~600 per GiB of heap, 2,300 here) evicted most of 10,000 waiting runs and the
 * replays became the backlog of W4. A waiting run costs a few tens of KiB in the cache.
 */
export interface WorkerTuning {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentLocalActivityExecutions: number;
  maxConcurrentActivityTaskExecutions: number;
}

export const DEFAULT_WORKER_TUNING: WorkerTuning = {
  maxCachedWorkflows: 10_000,
  maxConcurrentWorkflowTaskExecutions: 40,
  maxConcurrentLocalActivityExecutions: 100,
  maxConcurrentActivityTaskExecutions: 100,
};

/** TTHC_WORKER_MAX_CACHED_WORKFLOWS, TTHC_WORKER_MAX_WORKFLOW_TASKS, TTHC_WORKER_MAX_LOCAL_ACTIVITIES, TTHC_WORKER_MAX_ACTIVITIES */
export function workerTuningFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerTuning {
  const int = (name: string, fallback: number) => intFromEnv(env, name, fallback);
  return {
    maxCachedWorkflows: int('TTHC_WORKER_MAX_CACHED_WORKFLOWS', DEFAULT_WORKER_TUNING.maxCachedWorkflows),
    maxConcurrentWorkflowTaskExecutions: int('TTHC_WORKER_MAX_WORKFLOW_TASKS', DEFAULT_WORKER_TUNING.maxConcurrentWorkflowTaskExecutions),
    maxConcurrentLocalActivityExecutions: int('TTHC_WORKER_MAX_LOCAL_ACTIVITIES', DEFAULT_WORKER_TUNING.maxConcurrentLocalActivityExecutions),
    maxConcurrentActivityTaskExecutions: int('TTHC_WORKER_MAX_ACTIVITIES', DEFAULT_WORKER_TUNING.maxConcurrentActivityTaskExecutions),
  };
}

/** TTHC_WORKER_DB_POOL: connections of the worker's PostgreSQL pool */
export function workerDbPoolFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return intFromEnv(env, 'TTHC_WORKER_DB_POOL', WORKER_DB_POOL_DEFAULT);
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2) throw new Error(`${name} must be an integer ≥ 2 (got "${raw}")`);
  return n;
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
    databasePoolSize: workerDbPoolFromEnv(env),
    tuning: workerTuningFromEnv(env),
  };
}

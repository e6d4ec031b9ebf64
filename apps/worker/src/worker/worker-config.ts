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
  tuning: WorkerTuning;
}

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
  const int = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 2) throw new Error(`${name} must be an integer ≥ 2 (got "${raw}")`);
    return n;
  };
  return {
    maxCachedWorkflows: int('TTHC_WORKER_MAX_CACHED_WORKFLOWS', DEFAULT_WORKER_TUNING.maxCachedWorkflows),
    maxConcurrentWorkflowTaskExecutions: int('TTHC_WORKER_MAX_WORKFLOW_TASKS', DEFAULT_WORKER_TUNING.maxConcurrentWorkflowTaskExecutions),
    maxConcurrentLocalActivityExecutions: int('TTHC_WORKER_MAX_LOCAL_ACTIVITIES', DEFAULT_WORKER_TUNING.maxConcurrentLocalActivityExecutions),
    maxConcurrentActivityTaskExecutions: int('TTHC_WORKER_MAX_ACTIVITIES', DEFAULT_WORKER_TUNING.maxConcurrentActivityTaskExecutions),
  };
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
    tuning: workerTuningFromEnv(env),
  };
}

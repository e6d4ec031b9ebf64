import { DEFAULT_WORKER_TUNING, WORKER_DB_POOL_DEFAULT, workerConfigFromEnv, workerTuningFromEnv } from '../worker-config';
import { isolateTimeoutFromEnv } from '../process-worker';

it('keeps 10,000 waiting runs in the sticky cache by default', () => {
  expect(workerTuningFromEnv({})).toEqual(DEFAULT_WORKER_TUNING);
  expect(DEFAULT_WORKER_TUNING.maxCachedWorkflows).toBeGreaterThanOrEqual(10_000);
  expect(workerConfigFromEnv({}).tuning).toEqual(DEFAULT_WORKER_TUNING);
});

it('takes the cache size and the concurrency from the environment', () => {
  expect(
    workerTuningFromEnv({ TTHC_WORKER_MAX_CACHED_WORKFLOWS: '20000', TTHC_WORKER_MAX_WORKFLOW_TASKS: '8', TTHC_WORKER_MAX_LOCAL_ACTIVITIES: '50', TTHC_WORKER_MAX_ACTIVITIES: '20' }),
  ).toEqual({ maxCachedWorkflows: 20_000, maxConcurrentWorkflowTaskExecutions: 8, maxConcurrentLocalActivityExecutions: 50, maxConcurrentActivityTaskExecutions: 20 });
});

it('refuses a value that is not a whole number of at least 2, naming the variable', () => {
  expect(() => workerTuningFromEnv({ TTHC_WORKER_MAX_CACHED_WORKFLOWS: 'many' })).toThrow(/TTHC_WORKER_MAX_CACHED_WORKFLOWS must be an integer/);
  expect(() => workerTuningFromEnv({ TTHC_WORKER_MAX_WORKFLOW_TASKS: '1' })).toThrow(/TTHC_WORKER_MAX_WORKFLOW_TASKS/);
});

it('runs the workflow sandbox without the per-call watchdog unless TTHC_WORKER_ISOLATE_TIMEOUT_MS asks for one', () => {
  expect(isolateTimeoutFromEnv({})).toBeUndefined();
  expect(isolateTimeoutFromEnv({ TTHC_WORKER_ISOLATE_TIMEOUT_MS: '5000' })).toBe(5000);
  expect(() => isolateTimeoutFromEnv({ TTHC_WORKER_ISOLATE_TIMEOUT_MS: '0' })).toThrow(/TTHC_WORKER_ISOLATE_TIMEOUT_MS must be a positive integer/);
  expect(() => isolateTimeoutFromEnv({ TTHC_WORKER_ISOLATE_TIMEOUT_MS: '5s' })).toThrow(/TTHC_WORKER_ISOLATE_TIMEOUT_MS/);
});

it('opens a PostgreSQL pool of 20 connections unless TTHC_WORKER_DB_POOL says otherwise', () => {
  expect(workerConfigFromEnv({}).databasePoolSize).toBe(WORKER_DB_POOL_DEFAULT);
  expect(WORKER_DB_POOL_DEFAULT).toBe(20);
  expect(workerConfigFromEnv({ TTHC_WORKER_DB_POOL: '40' }).databasePoolSize).toBe(40);
  expect(() => workerConfigFromEnv({ TTHC_WORKER_DB_POOL: 'lots' })).toThrow(/TTHC_WORKER_DB_POOL must be an integer/);
});

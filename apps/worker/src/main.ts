/**
 * The worker process: `node -r @swc-node/register apps/worker/src/main.ts` (SWCRC=true).
 * Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE,
 * TEMPORAL_TLS_CERT/KEY/CA, DATABASE_URL or TTHC_SQLITE_PATH.
 */
import 'reflect-metadata';
import { openDatabase } from '@tthc/persistence';
import { createWorker } from './worker/create-worker';
import { workerConfigFromEnv } from './worker/worker-config';

async function main(): Promise<void> {
  const config = workerConfigFromEnv();
  const ds = await openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  const worker = await createWorker({ ...config, ds });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: shutting down`);
    void worker.shutdown();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  console.log(`[worker] polling ${config.taskQueue} on ${config.address} (namespace ${config.namespace})`);
  try {
    await worker.run();
  } finally {
    await ds.destroy();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('[worker] fatal:', err);
    process.exit(1);
  },
);

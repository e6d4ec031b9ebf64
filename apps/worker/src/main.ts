/**
 * The worker process: `node -r @swc-node/register apps/worker/src/main.ts` (SWCRC=true).
 * Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE,
 * TEMPORAL_TLS_CERT/KEY/CA, DATABASE_URL (TTHC_WORKER_DB_POOL) or TTHC_SQLITE_PATH.
 */
import 'reflect-metadata';
import { openDatabase } from '@tthc/persistence';
import { replayAfterUpgrade } from './replay/upgrade-replay.job';
import { createWorker } from './worker/create-worker';
import { workerConfigFromEnv } from './worker/worker-config';

async function main(): Promise<void> {
  const config = workerConfigFromEnv();
  const ds = await openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath, poolSize: config.databasePoolSize });
  const worker = await createWorker({ ...config, ds, warmUp: true });
  const w = worker.warmUp;
  if (w) console.log(`[worker] warmed up in ${w.ms} ms: seals ${w.seals.join(', ') || 'none'}${w.notice ? ', one notice' : ''}${w.failed.map((f) => `; seal ${f.agency} failed: ${f.message}`).join('')}${w.error ? `; stopped: ${w.error}` : ''}`);
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
  const running = worker.run();
  // new workflow code: replay a sample of running dossiers against it (docs/audit.md); never blocks polling
  const sampleSize = process.env.TTHC_REPLAY_SAMPLE === undefined ? undefined : Number(process.env.TTHC_REPLAY_SAMPLE);
  replayAfterUpgrade({ client: worker.client, ds, sampleSize }).catch((err: Error) => console.error(`[worker] replay after upgrade failed: ${err.message}`));
  try {
    await running;
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

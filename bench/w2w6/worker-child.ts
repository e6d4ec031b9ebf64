/** The worker process of the W2 bench (see worker-process.ts): boots, then answers the bench on IPC. */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { openDatabase } from '@tthc/persistence';
import { createWorker, workerDbPoolFromEnv, type RunningWorker } from '@tthc/worker-app/src';
import type { WorkerChildConfig, WorkerReply, WorkerRequest } from './worker-process';
import { countQueriesIfAsked } from './query-count';

countQueriesIfAsked('w2 worker');

async function runChild(): Promise<void> {
  const config = JSON.parse(process.argv[2]) as WorkerChildConfig;
  // the pool a worker process opens (apps/worker/src/main.ts)
  const ds = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: workerDbPoolFromEnv() });
  const code = readFileSync(config.bundlePath, 'utf8');
  // created (and warmed up, as apps/worker/src/main.ts does) while booting, i.e. while the previous process still polls; `start` polls
  const worker: RunningWorker = await createWorker({ address: config.address, taskQueue: config.taskQueue, ds, dossiers: { dataDir: config.dataDir }, workflowBundle: { code }, warmUp: true });
  console.log('[w2 worker] warm-up', JSON.stringify(worker.warmUp));
  let running: Promise<void> | undefined;
  process.on('message', (m) => {
    const r = m as WorkerRequest;
    const reply = (value?: unknown) => process.send!({ id: r.id, value } satisfies WorkerReply);
    const fail = (err: Error) => process.send!({ id: r.id, error: err.message } satisfies WorkerReply);
    if (r.type === 'start') {
      running = worker.run();
      running.catch((err: Error) => console.error('[w2 worker]', err));
      reply();
    } else if (r.type === 'cpu') reply(process.cpuUsage());
    else if (r.type === 'shutdown')
      void (async () => {
        await worker.shutdown();
        await running?.catch(() => undefined);
        await ds.destroy();
        // exit once the answer is out (--cpu-prof writes its profile at a normal exit)
        process.send!({ id: r.id, value: process.cpuUsage() } satisfies WorkerReply, () => {
          process.disconnect();
          process.exit(0);
        });
      })().catch(fail);
  });
  process.send!({ ready: true });
}

runChild().catch((err) => {
  console.error(err);
  process.exit(1);
});

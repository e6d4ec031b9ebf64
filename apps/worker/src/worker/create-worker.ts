import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker, type WorkerOptions } from '@temporalio/worker';
import { TASK_QUEUE_DEFAULT, type TemporalConnectionOptions } from '@tthc/contracts';
import type { DataSource } from 'typeorm';
import { createWorkerActivities, type ActivityDeps, type WarmUpReport } from '../activities';
import { createMigrationBatchActivities } from '../activities/migration/migrate-batch-item';
import { createReplayActivities } from '../replay/replay-history.activity';
import { createReplayTraceActivities } from '../replay/replay-trace.activity';
import { bundleWorkflows } from './bundle-workflows';
import { ProcessWorker } from './process-worker';
import { workerTuningFromEnv, type WorkerTuning } from './worker-config';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

export interface CreateWorkerOptions {
  address: string;
  namespace?: string;
  taskQueue?: string;
  tls?: TemporalConnectionOptions['tls'];
  apiKey?: string;
  ds: DataSource;
  serviceTasks?: ActivityDeps['serviceTasks'];
  computeDue?: ActivityDeps['computeDue'];
  /** the dossier activities' blob store / signing / data dir (default: TTHC_DATA_DIR etc., as the API) */
  dossiers?: ActivityDeps['dossiers'];
  /** another workflow entry (benchmarks add their baselines); default the runProcess bundle */
  workflowsPath?: string;
  /** a prebuilt bundle of `workflowsPath` (a deployment's, or one a benchmark built once): no webpack at start */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** extra activities next to ProcessActivities (benchmark baselines) */
  extraActivities?: Record<string, (...args: any[]) => Promise<unknown>>;
  /** concurrency and sticky cache (default: the environment's, worker-config.ts) */
  tuning?: WorkerTuning;
  /** passed through to Worker.create, over the tuning */
  workerOptions?: Partial<WorkerOptions>;
  /**
   * prepare the dossier steps before returning (seal keys, fonts, one notice: warm-up.ts), so the first dossiers
   * after a start do not wait for it. The worker process (main.ts) does; tests and embedded uses need not.
   */
  warmUp?: boolean;
}

export interface RunningWorker {
  worker: Worker;
  /** a client on the same namespace (signals broadcast by activities) */
  client: Client;
  /**
   * a client over the worker's own native connection: a workflow it starts with `requestEagerStart`
   * gets its first workflow task straight from the start response, run by this worker (no poll
   * round trip). Only a starter in the worker's process can use it (benchmarks, embedded use).
   */
  eagerClient: Client;
  /** what the warm-up prepared (`warmUp: true`) */
  warmUp?: WarmUpReport;
  /** runs until shutdown() or a fatal error */
  run(): Promise<void>;
  /** graceful: stops polling, lets running tasks finish, closes connections */
  shutdown(): Promise<void>;
}

/** Creates (does not start) a worker for the runProcess workflow and its activities. */
export async function createWorker(options: CreateWorkerOptions): Promise<RunningWorker> {
  const namespace = options.namespace ?? 'default';
  const tls = options.tls;
  const connection = await NativeConnection.connect({ address: options.address, tls, apiKey: options.apiKey });
  const clientConnection = await Connection.connect({ address: options.address, tls, apiKey: options.apiKey });
  const client = new Client({ connection: clientConnection, namespace, dataConverter: TTHC_DATA_CONVERTER });
  const dossierWork = createWorkerActivities({ ds: options.ds, serviceTasks: options.serviceTasks, computeDue: options.computeDue, client, dossiers: options.dossiers });
  const warming = options.warmUp ? dossierWork.warmUp() : undefined;
  const activities = {
    ...dossierWork.activities,
    // the determinism check replays with the runProcess bundle this worker runs (its own path when a test swaps it)
    ...createReplayActivities({ client, workflowsPath: options.workflowsPath }),
    ...createReplayTraceActivities({ client, workflowsPath: options.workflowsPath }),
    // batch migrations above the API's synchronous limit (workflows/migrate-batch.workflow.ts)
    ...createMigrationBatchActivities({ ds: options.ds, client }),
    ...options.extraActivities,
  };
  const worker = await ProcessWorker.create({
    connection,
    namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE_DEFAULT,
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows(options.workflowsPath)),
    activities,
    shutdownGraceTime: '10 seconds',
    dataConverter: TTHC_DATA_CONVERTER,
    ...(options.tuning ?? workerTuningFromEnv()),
    ...options.workerOptions,
  });
  const warmUp = await warming;
  let running: Promise<void> | undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await connection.close();
    await clientConnection.close();
  };
  return {
    worker,
    client,
    ...(warmUp ? { warmUp } : {}),
    eagerClient: new Client({ connection, namespace, dataConverter: TTHC_DATA_CONVERTER }),
    run() {
      running ??= worker.run().finally(close);
      return running;
    },
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      if (running) await running.catch(() => undefined);
      else await close();
    },
  };
}

/**
 * The worker in a process of its own for the W2 bench (as in production, where the worker runs
 * its own replicas): the driver's HTTP client and JSON parsing no longer share the worker's main
 * thread, where every activity and local activity (the step guard, the notices, recordProgress)
 * runs. `startWorkerProcess` forks bench/w2w6/worker-child.ts, which loads its modules and opens
 * its own connection pool, then waits: `start` creates the worker (from the workflow bundle the
 * bench built once, as a deployment ships a prebuilt bundle) and polls; `cpu` answers its CPU
 * usage; `shutdown` stops the worker gracefully, answers its final CPU usage and exits.
 * W2_WORKER_CPU_PROF=<dir> runs it under `node --cpu-prof` (its worker threads are profiled too).
 */
import { join } from 'node:path';
import { forkBenchChild } from './bench-child';

export interface WorkerChildConfig {
  address: string;
  taskQueue: string;
  databaseUrl: string;
  dataDir: string;
  /** a prebuilt workflow bundle (bundleWorkflows' code written to a file) */
  bundlePath: string;
}

export type WorkerRequest = { id: number; type: 'start' | 'cpu' | 'shutdown' };
export type WorkerReply = { id: number; value?: unknown; error?: string };

export interface WorkerProcess {
  pid: number;
  /** creates the worker and starts polling */
  start(): Promise<void>;
  cpuUsage(): Promise<NodeJS.CpuUsage>;
  /** graceful shutdown; resolves with the process's CPU usage at its end, once it has exited */
  shutdown(): Promise<NodeJS.CpuUsage>;
}

/** forks the worker process and waits until it is booted (modules loaded, pool open); it polls after start() */
export async function startWorkerProcess(config: WorkerChildConfig): Promise<WorkerProcess> {
  const { child, ready, exited, ask } = forkBenchChild<WorkerRequest['type']>(join(__dirname, 'worker-child.ts'), config, 'worker', 'W2_WORKER_CPU_PROF');
  await ready;
  return {
    pid: child.pid!,
    start: () => ask<void>('start'),
    cpuUsage: () => ask<NodeJS.CpuUsage>('cpu'),
    async shutdown() {
      const cpu = await ask<NodeJS.CpuUsage>('shutdown');
      await exited;
      return cpu;
    },
  };
}

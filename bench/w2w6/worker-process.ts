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
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

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
  const prof = process.env.W2_WORKER_CPU_PROF;
  const child: ChildProcess = fork(join(__dirname, 'worker-child.ts'), [JSON.stringify(config)], {
    execArgv: ['-r', '@swc-node/register', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])],
    env: { ...process.env, SWCRC: 'true' },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    void exited.then((code) => reject(new Error(`worker process exited (${code}) before it was ready`)));
  });
  child.on('message', (m) => {
    const r = m as WorkerReply;
    const w = waiting.get(r.id);
    waiting.delete(r.id);
    if (r.error) w?.reject(new Error(r.error));
    else w?.resolve(r.value);
  });
  void exited.then((code) => {
    for (const w of waiting.values()) w.reject(new Error(`worker process exited (${code})`));
    waiting.clear();
  });
  const ask = <T>(type: WorkerRequest['type']) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, type } satisfies WorkerRequest);
    });
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

/**
 * The API in a process of its own for the W6 bench (as in production: the clients are
 * elsewhere), so the load generator's HTTP client, JSON parsing and the raw-SQL baseline do not
 * share the API's event loop. `startApiProcess` forks bench/w2w6/api-child.ts (advanced
 * serialization), which answers on IPC: `capture` (start recording the inbox statement TypeORM sends), `captured`
 * (the first such statement since), `cpu` (this process's CPU usage), `close`.
 * W6_API_CPU_PROF=<dir> starts it under `node --cpu-prof` (the profile the docs read).
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ApiConfig } from '@tthc/api-app/src/config/api-config';

export interface CapturedStatement {
  sql: string;
  params: unknown[];
}

export type Request = { id: number; type: 'capture' | 'captured' | 'cpu' | 'close' };
export type Reply = { id: number; value?: unknown; error?: string };

export interface ApiProcess {
  url: string;
  /** the first statement touching task_candidates that the API sends while `fn` runs */
  capture(fn: () => Promise<unknown>): Promise<CapturedStatement>;
  cpuUsage(): Promise<NodeJS.CpuUsage>;
  close(): Promise<void>;
}

export async function startApiProcess(config: ApiConfig): Promise<ApiProcess> {
  const prof = process.env.W6_API_CPU_PROF;
  const child: ChildProcess = fork(join(__dirname, 'api-child.ts'), [JSON.stringify(config)], {
    execArgv: ['-r', '@swc-node/register', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])],
    env: { ...process.env, SWCRC: 'true' },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`API process exited (${code}) before listening`)));
  });
  child.on('message', (m) => {
    const r = m as Reply;
    const w = waiting.get(r.id);
    waiting.delete(r.id);
    if (r.error) w?.reject(new Error(r.error));
    else w?.resolve(r.value);
  });
  const ask = <T>(type: Request['type']) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, type } satisfies Request);
    });
  return {
    url,
    async capture(fn) {
      await ask('capture');
      await fn();
      return ask<CapturedStatement>('captured');
    },
    cpuUsage: () => ask<NodeJS.CpuUsage>('cpu'),
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      await ask('close');
      await exited;
    },
  };
}

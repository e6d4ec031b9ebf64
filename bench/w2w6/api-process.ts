/**
 * The API in a process of its own for the W6 bench (as in production: the clients are
 * elsewhere), so the load generator's HTTP client, JSON parsing and the raw-SQL baseline do not
 * share the API's event loop. `startApiProcess` forks bench/w2w6/api-child.ts (advanced
 * serialization), which answers on IPC: `capture` (start recording the inbox statement TypeORM sends), `captured`
 * (the first such statement since), `cpu` (this process's CPU usage), `close`.
 * W6_API_CPU_PROF=<dir> starts it under `node --cpu-prof` (the profile the docs read).
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { forkBenchChild } from './bench-child';
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
  const { ready, exited, ask } = forkBenchChild<Request['type']>(join(__dirname, 'api-child.ts'), config, 'API', 'W6_API_CPU_PROF');
  const { url } = (await ready) as { url: string };
  return {
    url,
    async capture(fn) {
      await ask('capture');
      await fn();
      return ask<CapturedStatement>('captured');
    },
    cpuUsage: () => ask<NodeJS.CpuUsage>('cpu'),
    async close() {
      await ask('close');
      await exited;
    },
  };
}

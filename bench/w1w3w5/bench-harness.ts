/**
 * Shared setup of W1/W3/W5: a dev server on the worker's benchmark port (17233) with a
 * WAL SQLite state file (started as `npm start` starts it), a temp SQLite product database, and one in-process worker
 * running runProcess and the hand-written baselines (baseline.workflows.ts).
 */
import 'reflect-metadata';
import { temporal } from '@temporalio/proto';
import { RUN_PROCESS_WORKFLOW, type RunProcessInput, type RunProcessResult } from '@tthc/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ProcessHarness, type Deployed } from '@tthc/worker-app/src/testing/process-harness';
import { temporalPaths } from '@tthc/worker-app/src/testing/temporal-paths';
import { historyToJSON } from '@tthc/contracts/src/history-json';
import { decompressPayload } from '@tthc/contracts/src/payload-codec';
import type { Payload } from '@temporalio/common';

export const BASELINE_WORKFLOWS = join(__dirname, 'baseline.workflows.ts');

export interface BenchEnv {
  h: ProcessHarness;
  temporalCli: string;
  /** starts request eager workflow start (client on the worker's native connection) */
  eager: boolean;
  /** how many starts the server answered with the first workflow task (eager), and how many not */
  eagerStarts: { eager: number; polled: number };
  close(): Promise<void>;
  /** runs the interpreter for one instance of `def` and waits for its end */
  runProcess(def: Deployed, variables?: Record<string, unknown>): Promise<{ workflowId: string; result: RunProcessResult }>;
  /** runs a hand-written baseline workflow */
  runBaseline(workflowType: string, args: unknown[]): Promise<{ workflowId: string }>;
}

/** `port`: the dev server's (default the worker's test port 17233, shared through a lock with the tests); `eager`: eager workflow start (default on) */
export async function openBenchEnv(options: { port?: number; eager?: boolean } = {}): Promise<BenchEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-bench-'));
  // the dev server as `npm start` runs it: sharing the machine with the worker (GOMAXPROCS, scripts/dev-server.mjs)
  const h = await ProcessHarness.create({ database: 'sqlite', dbFile: join(dir, 'temporal.db'), serverMaxProcs: 'shared', workflowsPath: BASELINE_WORKFLOWS, ...(options.port ? { port: options.port } : {}) });
  const eager = options.eager ?? true;
  const eagerStarts = { eager: 0, polled: 0 };
  // same client for both sides: with eager start the server hands the first workflow task back in the start response
  const client = eager ? h.worker.eagerClient : h.client;
  const execute = async (workflowType: string, workflowId: string, args: unknown[]) => {
    const handle = await client.workflow.start(workflowType, { taskQueue: h.taskQueue, workflowId, args, ...(eager ? { requestEagerStart: true } : {}) });
    eagerStarts[handle.eagerlyStarted ? 'eager' : 'polled'] += 1;
    return handle.result();
  };
  return {
    h,
    eager,
    eagerStarts,
    temporalCli: temporalPaths().temporal,
    async close() {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    },
    async runProcess(def, variables = {}) {
      // started the way the API starts it (the projection row is upserted by the worker)
      const instanceId = randomUUID();
      const workflowId = `pi/${instanceId}`;
      const input: RunProcessInput = { definitionId: def.definitionId, definitionHash: def.hash, processKey: def.key, version: def.version, instanceId, variables, graph: def.graph };
      const result = (await execute(RUN_PROCESS_WORKFLOW, workflowId, [input])) as RunProcessResult;
      if (result.state !== 'COMPLETED') throw new Error(`instance ${instanceId} ended ${result.state}`);
      return { workflowId, result };
    },
    async runBaseline(workflowType, args) {
      const workflowId = `baseline/${randomUUID()}`;
      await execute(workflowType, workflowId, args);
      return { workflowId };
    },
  };
}

/** size of a workflow's history as the server counts it (events, bytes) and as proto JSON */
export async function historySize(
  h: ProcessHarness,
  workflowId: string,
): Promise<{ events: number; bytes: number; startEventBytes: number; bytesAfterStart: number; jsonBytes: number; protoBytes: number; protoBytesWithoutCodec: number }> {
  const handle = h.client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  const history = await handle.fetchHistory();
  // the start event carries the workflow input — for runProcess, the pinned graph
  const first = history.events?.[0];
  const startEventBytes = first ? temporal.api.history.v1.HistoryEvent.encode(first).finish().length : 0;
  const bytes = description.historySize ?? 0;
  // the same history with every payload the codec compressed written back as it was (what it would weigh without the codec)
  const protoBytes = temporal.api.history.v1.History.encode(history).finish().length;
  const plain = temporal.api.history.v1.History.fromObject(withoutCodec(temporal.api.history.v1.History.toObject(history as temporal.api.history.v1.History)) as Record<string, unknown>);
  const protoBytesWithoutCodec = temporal.api.history.v1.History.encode(plain).finish().length;
  return { events: description.historyLength, bytes, startEventBytes, bytesAfterStart: bytes - startEventBytes, jsonBytes: Buffer.byteLength(historyToJSON(history)), protoBytes, protoBytesWithoutCodec };
}

/** every Payload-shaped object (metadata + data) decompressed, anywhere in a history object */
function withoutCodec(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCodec);
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return value;
  const o = value as Record<string, unknown>;
  if (o.data instanceof Uint8Array && o.metadata && typeof o.metadata === 'object') return decompressPayload(o as Payload);
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, withoutCodec(v)]));
}

/**
 * Shared setup of W1/W3/W5: a dev server on the worker's benchmark port (17233) with a
 * WAL SQLite state file, a temp SQLite product database, and one in-process worker
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
import { historyToJSON } from '@tthc/worker-app/src/replay/history-json';

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

export async function openBenchEnv(options: { eager?: boolean } = {}): Promise<BenchEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-bench-'));
  const h = await ProcessHarness.create({ database: 'sqlite', dbFile: join(dir, 'temporal.db'), workflowsPath: BASELINE_WORKFLOWS });
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
): Promise<{ events: number; bytes: number; startEventBytes: number; bytesAfterStart: number; jsonBytes: number }> {
  const handle = h.client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  const history = await handle.fetchHistory();
  // the start event carries the workflow input — for runProcess, the pinned graph
  const first = history.events?.[0];
  const startEventBytes = first ? temporal.api.history.v1.HistoryEvent.encode(first).finish().length : 0;
  const bytes = description.historySize ?? 0;
  return { events: description.historyLength, bytes, startEventBytes, bytesAfterStart: bytes - startEventBytes, jsonBytes: Buffer.byteLength(historyToJSON(history)) };
}

/**
 * Replays many histories in replay processes of their own (replay-child.ts), one per core.
 *
 * `Worker.runReplayHistories` replays one history at a time. Several replay workers in one process
 * share its main thread (core bridge calls, activation hand-offs to the workflow threads), and a
 * workflow thread carries the SDK's stack-trace hooks; measured on 2 cores (W5) that used about one
 * core for two lanes. Each replay process runs its workflow code on its own main thread (debug mode)
 * without those hooks; the parent hands out histories as the processes ask for them (a few in flight
 * per process), and reports every result as it comes. Used by the determinism gate and the W5
 * benchmark. A replay process that dies fails the whole call: no history is silently left out.
 */
import type { ReplayResult } from '@temporalio/worker';
import { ReplayError } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { temporal } from '@temporalio/proto';
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import type { FromReplayChild, ReplayErrorMessage, ToReplayChild } from './replay-messages';

export interface HistoryToReplay {
  workflowId: string;
  history: temporal.api.history.v1.IHistory;
}

/** what the replay processes need: the workflow bundle (as bundleWorkflows makes it); the payload codec is TTHC_DATA_CONVERTER */
export interface ParallelReplayWorkerOptions {
  workflowBundle: { code: string };
  replayName?: string;
}

export interface ParallelReplayOptions {
  /** replay processes at once; default the cores available (at least 1) */
  concurrency?: number;
  /** replay workers in each process (default 1) */
  lanesPerProcess?: number;
  /** called with every result as it comes (the order of completion, not of the source) */
  onResult?: (result: ReplayResult) => void;
}

export function defaultReplayConcurrency(): number {
  return Math.max(1, availableParallelism());
}

const CHILD = join(__dirname, `replay-child${extname(__filename)}`);

/** Replays every history of `source`; resolves with all results once every process is done. */
export async function replayInParallel(
  workerOptions: ParallelReplayWorkerOptions,
  source: Iterable<HistoryToReplay> | AsyncIterable<HistoryToReplay>,
  options: ParallelReplayOptions = {},
): Promise<ReplayResult[]> {
  const processes = Math.max(1, options.concurrency ?? defaultReplayConcurrency());
  const lanes = Math.max(1, options.lanesPerProcess ?? 1);
  const next = sharedPull(source);
  const results: ReplayResult[] = [];
  const onResult = (r: ReplayResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  const children: ChildProcess[] = [];
  const start: ToReplayChild = { type: 'start', code: workerOptions.workflowBundle.code, replayName: workerOptions.replayName ?? 'tthc-replay', lanes };
  try {
    await Promise.all(Array.from({ length: processes }, () => replayProcess(start, next, onResult, children)));
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill();
  }
  return results;
}

/** one replay process: keeps up to two histories per lane in flight until the source is empty */
function replayProcess(start: Extract<ToReplayChild, { type: 'start' }>, next: () => Promise<HistoryToReplay | undefined>, onResult: (r: ReplayResult) => void, children: ChildProcess[]): Promise<void> {
  const ts = extname(__filename) === '.ts';
  const child = fork(CHILD, [], {
    // a parent profiled with `node --cpu-prof` (bench/w1w3w5/profile-w5.ts) gets a profile of each replay process too
    execArgv: [...(ts ? ['-r', require.resolve('@swc-node/register')] : []), ...process.execArgv.filter((a) => a.startsWith('--cpu-prof'))],
    env: { ...process.env, ...(ts ? { SWCRC: 'true' } : {}) },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  const window = start.lanes * 2;
  let inFlight = 0;
  let ended = false;
  let done = false;
  const send = (m: ToReplayChild) => child.connected && child.send(m);
  return new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => {
      done = true;
      reject(err);
    };
    const feed = async () => {
      while (!ended && inFlight < window) {
        inFlight++;
        const h = await next().catch((err: Error) => (fail(err), undefined));
        if (!h) {
          inFlight--;
          if (!ended) send({ type: 'end' });
          ended = true;
          return;
        }
        send({ type: 'history', workflowId: h.workflowId, history: temporal.api.history.v1.History.encode(h.history).finish() });
      }
    };
    child.on('message', (m: FromReplayChild) => {
      if (m.type === 'result') {
        inFlight--;
        onResult({ workflowId: m.workflowId, runId: m.runId, ...(m.error ? { error: replayError(m.error) } : {}) });
        void feed();
      } else if (m.type === 'done') {
        done = true;
        child.disconnect();
      } else fail(new Error(`replay process ${child.pid} failed: ${m.message}`));
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (!done || code !== 0) fail(new Error(`replay process ${child.pid} ended early (${signal ?? `exit code ${code}`})`));
      else resolve();
    });
    send(start);
    void feed();
  });
}

function replayError(e: ReplayErrorMessage): ReplayError | DeterminismViolationError {
  return e.name === 'DeterminismViolationError' ? new DeterminismViolationError(e.message) : new ReplayError(e.message);
}

/** one pull at a time from the source, whichever process asks (an async generator's calls queue up) */
function sharedPull(source: Iterable<HistoryToReplay> | AsyncIterable<HistoryToReplay>): () => Promise<HistoryToReplay | undefined> {
  const shared = (async function* () {
    yield* source;
  })();
  return async () => {
    const n = await shared.next();
    return n.done ? undefined : n.value;
  };
}

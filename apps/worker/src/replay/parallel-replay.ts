/**
 * Replays many histories on several replay workers at once.
 *
 * `Worker.runReplayHistories` replays one history at a time, and (it sets `debugMode`) runs the
 * workflow code on the calling thread, so one replay worker uses one core at most. Here each lane
 * is its own replay worker with `debugMode: false`: its workflow code runs in a worker thread of
 * its own (the SDK's threaded VM), the lanes pull from one shared source, and every result is
 * reported as it comes. Used by the determinism gate, the upgrade replay and the W5 benchmark.
 */
import { Worker, type ReplayHistoriesIterable, type ReplayResult, type ReplayWorkerOptions } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { availableParallelism } from 'node:os';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

export interface HistoryToReplay {
  workflowId: string;
  history: temporal.api.history.v1.IHistory;
}

export interface ParallelReplayOptions {
  /** replay workers at once; default the cores available (at least 1) */
  concurrency?: number;
  /** called with every result as it comes (the order of completion, not of the source) */
  onResult?: (result: ReplayResult) => void;
}

export function defaultReplayConcurrency(): number {
  return Math.max(1, availableParallelism());
}

/** Replays every history of `source`; resolves with all results once every lane is done. */
export async function replayInParallel(
  workerOptions: ReplayWorkerOptions,
  source: Iterable<HistoryToReplay> | AsyncIterable<HistoryToReplay>,
  options: ParallelReplayOptions = {},
): Promise<ReplayResult[]> {
  const concurrency = Math.max(1, options.concurrency ?? defaultReplayConcurrency());
  const it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source[Symbol.iterator]());
  // an async generator's next() calls queue up, so lanes never take the same history twice
  const shared = (async function* () {
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  const lane = (): ReplayHistoriesIterable =>
    (async function* () {
      for (;;) {
        const next = await shared.next();
        if (next.done) return;
        yield next.value;
      }
    })();
  const results: ReplayResult[] = [];
  const baseName = workerOptions.replayName ?? 'tthc-replay';
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      // debugMode is left out of ReplayWorkerOptions' type, but the SDK spreads the options over its own debugMode: true
      const laneOptions = { debugMode: false, workflowThreadPoolSize: 1, dataConverter: TTHC_DATA_CONVERTER, ...workerOptions, replayName: `${baseName}-lane${i}` } as ReplayWorkerOptions;
      for await (const r of Worker.runReplayHistories(laneOptions, lane())) {
        results.push(r);
        options.onResult?.(r);
      }
    }),
  );
  return results;
}

function toAsync<T>(it: Iterator<T>): AsyncIterator<T> {
  return { next: async () => it.next() };
}

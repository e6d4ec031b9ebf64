/**
 * W5 (performance.md): replay of recorded histories — the determinism gate's cost.
 * Records one ten-step history (10 service tasks) on the dev server, then replays it
 * 1,000 times (as 1,000 workflow ids) with replayInParallel (one replay process per core, each
 * running the workflow code on its own main thread), plus the committed corpus
 * (apps/worker/src/__tests__/histories). Baseline in the same run: 1,000 replays of the
 * hand-written ten-activity workflow's history, same concurrency. Any replay error fails the run.
 * Besides wall-clock seconds it records the CPU seconds of this process and its replay processes
 * (all threads; the processes' start included): on a machine
 * shared with other work the wall clock says more about the neighbours than about the replay.
 *
 * The product computes pure `noop` steps in the workflow (no marker per step); `--local-steps` records
 * the history with `tthc:execution="local"` on every step (a local-activity marker each) and writes
 * `w5-replay-local-steps.json`.
 *
 *   SWCRC=true node -r @swc-node/register bench/w5-replay.bench.ts [--smoke] [--local-steps] [--histories N] [--concurrency K] [--lanes L]
 */
import { historyFromJSON } from '@tthc/contracts/src/history-json';
import { temporal } from '@temporalio/proto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { bundleWorkflows } from '@tthc/worker-app/src/worker/bundle-workflows';
import { defaultReplayConcurrency, replayInParallel } from '@tthc/worker-app/src/replay/parallel-replay';
import { straightThroughBpmn } from './w1w3w5/bpmn-generators';
import { BASELINE_WORKFLOWS, openBenchEnv } from './w1w3w5/bench-harness';
import { argValue, cpuSecondsWithChildren, environmentInfo, writeResult } from './w1w3w5/results';

async function main() {
  const smoke = process.argv.includes('--smoke');
  const count = argValue('--histories', smoke ? 50 : 1000);
  const concurrency = argValue('--concurrency', defaultReplayConcurrency());
  const lanesPerProcess = argValue('--lanes', 1);
  const localSteps = process.argv.includes('--local-steps');
  // its own dev-server port: only the two recorded histories need a server
  const env = await openBenchEnv({ port: 3802 });
  let history: temporal.api.history.v1.IHistory;
  let baselineHistory: temporal.api.history.v1.IHistory;
  let temporalCli;
  try {
    const def = (await env.h.deploy(straightThroughBpmn(10, 'straight10', localSteps ? 'local' : undefined)))['straight10'];
    const { workflowId } = await env.runProcess(def);
    history = await env.h.client.workflow.getHandle(workflowId).fetchHistory();
    // the durable baseline (one server activity per step), as W5 measured it before W1's baseline went local
    const baseline = await env.runBaseline('baselineSequenceDurable', [10]);
    baselineHistory = await env.h.client.workflow.getHandle(baseline.workflowId).fetchHistory();
    temporalCli = env.temporalCli;
  } finally {
    await env.close();
  }

  const workflowBundle = await bundleWorkflows(BASELINE_WORKFLOWS);
  const errors: string[] = [];
  async function replayMany(h: temporal.api.history.v1.IHistory, prefix: string): Promise<{ seconds: number; cpuSeconds: number; replayed: number }> {
    const t0 = performance.now();
    const cpu0 = cpuSecondsWithChildren();
    const histories = (function* () {
      for (let i = 0; i < count; i++) yield { workflowId: `${prefix}-${i}`, history: h };
    })();
    const results = await replayInParallel({ workflowBundle, replayName: prefix }, histories, { concurrency, lanesPerProcess });
    const cpuSeconds = cpuSecondsWithChildren() - cpu0;
    for (const r of results) if (r.error) errors.push(`${r.workflowId}: ${r.error.message}`);
    return { seconds: (performance.now() - t0) / 1000, cpuSeconds, replayed: results.length };
  }
  const a1 = await replayMany(history, 'w5-a');
  const b1 = await replayMany(baselineHistory, 'w5-b');
  const seconds = a1.seconds;
  const replayed = a1.replayed;
  const baselineSeconds = b1.seconds;
  const loadAverageWhileReplaying = loadavg().map((x) => Math.round(x * 100) / 100);

  const corpusDir = join(__dirname, '..', 'apps', 'worker', 'src', '__tests__', 'histories');
  const corpus = readdirSync(corpusDir).filter((f) => f.endsWith('.json'));
  const c0 = performance.now();
  const corpusResults = await replayInParallel(
    { workflowBundle, replayName: 'w5-corpus' },
    corpus.map((f) => ({ workflowId: f, history: historyFromJSON(readFileSync(join(corpusDir, f), 'utf8')) })),
    { concurrency, lanesPerProcess },
  );
  for (const r of corpusResults) if (r.error) errors.push(`${r.workflowId}: ${r.error.message}`);
  const corpusSeconds = (performance.now() - c0) / 1000;

  const file = writeResult(localSteps ? 'w5-replay-local-steps' : 'w5-replay', smoke, {
    ...environmentInfo(temporalCli),
    parameters: { histories: count, replayProcesses: concurrency, lanesPerProcess, stepsPerHistory: 10, stepExecution: localSteps ? 'tthc:execution="local"' : 'the product\'s choice (pure noop steps computed in the workflow)', eventsPerHistory: history.events?.length, baselineEventsPerHistory: baselineHistory.events?.length, corpusFiles: corpus.length },
    figures: {
      totalSeconds: Math.round(seconds * 100) / 100,
      cpuSeconds: Math.round(a1.cpuSeconds * 100) / 100,
      baselineTotalSeconds: Math.round(baselineSeconds * 100) / 100,
      baselineCpuSeconds: Math.round(b1.cpuSeconds * 100) / 100,
      historyBytes: temporal.api.history.v1.History.encode(history).finish().length,
      baselineHistoryBytes: temporal.api.history.v1.History.encode(baselineHistory).finish().length,
      loadAverageWhileReplaying,
      ratioToBaseline: Math.round((seconds / baselineSeconds) * 1000) / 1000,
      historiesPerSecond: Math.round((replayed / seconds) * 10) / 10,
      meanMsPerHistory: Math.round((seconds * 1000 * 100) / replayed) / 100,
      corpusSeconds: Math.round(corpusSeconds * 100) / 100,
      errors: errors.length,
    },
    budget: { totalSecondsAtMost: 10, histories: 1000, errorsAllowed: 0 },
  });
  console.log(`[w5] baseline ${count} in ${baselineSeconds.toFixed(2)} s; ${replayed} histories in ${seconds.toFixed(2)} s, ${a1.cpuSeconds.toFixed(1)} CPU s, ${concurrency} processes × ${lanesPerProcess} lanes (${(replayed / seconds).toFixed(0)}/s); corpus ${corpus.length} in ${corpusSeconds.toFixed(2)} s → ${file}`);
  if (errors.length) {
    console.error(errors.slice(0, 5).join('\n'));
    process.exit(1);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

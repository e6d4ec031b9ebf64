/**
 * W5 (performance.md): replay of recorded histories — the determinism gate's cost.
 * Records one ten-step history (10 service tasks) on the dev server, then replays it
 * 1,000 times (as 1,000 workflow ids) with Worker.runReplayHistories, plus the committed
 * corpus (apps/worker/src/__tests__/histories). Baseline in the same run: 1,000 replays of
 * the hand-written ten-activity workflow's history. Any replay error fails the run.
 *
 *   SWCRC=true node -r @swc-node/register bench/w5-replay.bench.ts [--smoke] [--histories N]
 */
import { historyFromJSON } from '@tthc/worker-app/src/replay/history-json';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflows } from '@tthc/worker-app/src/worker/bundle-workflows';
import { straightThroughBpmn } from './w1w3w5/bpmn-generators';
import { BASELINE_WORKFLOWS, openBenchEnv } from './w1w3w5/bench-harness';
import { argValue, environmentInfo, writeResult } from './w1w3w5/results';

async function main() {
  const smoke = process.argv.includes('--smoke');
  const count = argValue('--histories', smoke ? 50 : 1000);
  const env = await openBenchEnv();
  let history: temporal.api.history.v1.IHistory;
  let baselineHistory: temporal.api.history.v1.IHistory;
  let temporalCli;
  try {
    const def = (await env.h.deploy(straightThroughBpmn(10)))['straight10'];
    const { workflowId } = await env.runProcess(def);
    history = await env.h.client.workflow.getHandle(workflowId).fetchHistory();
    const baseline = await env.runBaseline('baselineSequence', [10]);
    baselineHistory = await env.h.client.workflow.getHandle(baseline.workflowId).fetchHistory();
    temporalCli = env.temporalCli;
  } finally {
    await env.close();
  }

  const workflowBundle = await bundleWorkflows(BASELINE_WORKFLOWS);
  const errors: string[] = [];
  async function replayMany(h: temporal.api.history.v1.IHistory, prefix: string): Promise<{ seconds: number; replayed: number }> {
    const t0 = performance.now();
    let replayed = 0;
    const histories = (function* () {
      for (let i = 0; i < count; i++) yield { workflowId: `${prefix}-${i}`, history: h };
    })();
    for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: prefix }, histories)) {
      replayed++;
      if (r.error) errors.push(`${r.workflowId}: ${r.error.message}`);
    }
    return { seconds: (performance.now() - t0) / 1000, replayed };
  }
  const a1 = await replayMany(history, 'w5-a');
  const b1 = await replayMany(baselineHistory, 'w5-b');
  const seconds = a1.seconds;
  const replayed = a1.replayed;
  const baselineSeconds = b1.seconds;

  const corpusDir = join(__dirname, '..', 'apps', 'worker', 'src', '__tests__', 'histories');
  const corpus = readdirSync(corpusDir).filter((f) => f.endsWith('.json'));
  const c0 = performance.now();
  for await (const r of Worker.runReplayHistories(
    { workflowBundle, replayName: 'w5-corpus' },
    corpus.map((f) => ({ workflowId: f, history: historyFromJSON(readFileSync(join(corpusDir, f), 'utf8')) })),
  )) {
    if (r.error) errors.push(`${r.workflowId}: ${r.error.message}`);
  }
  const corpusSeconds = (performance.now() - c0) / 1000;

  const file = writeResult('w5-replay', smoke, {
    ...environmentInfo(temporalCli),
    parameters: { histories: count, stepsPerHistory: 10, eventsPerHistory: history.events?.length, baselineEventsPerHistory: baselineHistory.events?.length, corpusFiles: corpus.length },
    figures: {
      totalSeconds: Math.round(seconds * 100) / 100,
      baselineTotalSeconds: Math.round(baselineSeconds * 100) / 100,
      ratioToBaseline: Math.round((seconds / baselineSeconds) * 1000) / 1000,
      historiesPerSecond: Math.round((replayed / seconds) * 10) / 10,
      meanMsPerHistory: Math.round((seconds * 1000 * 100) / replayed) / 100,
      corpusSeconds: Math.round(corpusSeconds * 100) / 100,
      errors: errors.length,
    },
    budget: { totalSecondsAtMost: 10, histories: 1000, errorsAllowed: 0 },
  });
  console.log(`[w5] baseline ${count} in ${baselineSeconds.toFixed(2)} s; ${replayed} histories in ${seconds.toFixed(2)} s (${(replayed / seconds).toFixed(0)}/s); corpus ${corpus.length} in ${corpusSeconds.toFixed(2)} s → ${file}`);
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

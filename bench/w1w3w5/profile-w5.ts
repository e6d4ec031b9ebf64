/**
 * Where a replayed history's CPU goes (W5): replays one recorded history (a corpus JSON file) N times
 * with replayInParallel and prints wall and CPU milliseconds per history. With `--debug` the workflow
 * code runs on the main thread (one lane), so `node --cpu-prof` sees everything in one profile.
 * Not a benchmark (no committed result): a measuring tool for bench work.
 *
 *   SWCRC=true node -r @swc-node/register bench/w1w3w5/profile-w5.ts <history.json> [--histories N] [--concurrency K] [--debug]
 */
import { Runtime, DefaultLogger, type ReplayWorkerOptions } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { historyFromJSON } from '@tthc/contracts/src/history-json';
import { bundleWorkflows } from '@tthc/worker-app/src/worker/bundle-workflows';
import { defaultReplayConcurrency, replayInParallel } from '@tthc/worker-app/src/replay/parallel-replay';
import { BASELINE_WORKFLOWS } from './bench-harness';
import { argValue } from './results';

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const file = process.argv[2];
  const count = argValue('--histories', 300);
  const debug = process.argv.includes('--debug');
  const concurrency = debug ? 1 : argValue('--concurrency', defaultReplayConcurrency());
  const history = historyFromJSON(readFileSync(file, 'utf8'));
  const workflowBundle = await bundleWorkflows(BASELINE_WORKFLOWS);
  const options = { workflowBundle, replayName: 'profile-w5', ...(debug ? { debugMode: true } : {}) } as ReplayWorkerOptions;
  const source = (n: number) =>
    (function* () {
      for (let i = 0; i < n; i++) yield { workflowId: `p-${i}`, history };
    })();
  await replayInParallel(options, source(20), { concurrency });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const results = await replayInParallel(options, source(count), { concurrency });
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  const errors = results.filter((r) => r.error);
  console.log(
    `[profile-w5] ${count} × ${history.events?.length} events, ${concurrency} lanes: ${(wall / count).toFixed(2)} ms wall, ${((cpu.user + cpu.system) / 1000 / count).toFixed(2)} ms CPU per history; ${errors.length} errors${errors[0] ? ` (${errors[0].error?.message})` : ''}`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

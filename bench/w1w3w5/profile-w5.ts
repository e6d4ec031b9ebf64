/**
 * Where a replayed history's CPU goes (W5): replays one recorded history (a corpus JSON file) N times
 * with replayInParallel and prints wall and CPU milliseconds per history (the replay processes' CPU
 * included). For CPU profiles, run it with `node --cpu-prof --cpu-prof-dir=DIR`: the replay processes
 * inherit the `--cpu-prof*` flags and each writes its own .cpuprofile. Not a benchmark (no committed
 * result): a measuring tool.
 *
 *   SWCRC=true node -r @swc-node/register bench/w1w3w5/profile-w5.ts <history.json> [--histories N] [--concurrency K] [--lanes L]
 */
import { readFileSync } from 'node:fs';
import { historyFromJSON } from '@tthc/contracts/src/history-json';
import { bundleWorkflows } from '@tthc/worker-app/src/worker/bundle-workflows';
import { defaultReplayConcurrency, replayInParallel } from '@tthc/worker-app/src/replay/parallel-replay';
import { BASELINE_WORKFLOWS } from './bench-harness';
import { argValue, cpuSecondsWithChildren } from './results';

async function main() {
  const file = process.argv[2];
  const count = argValue('--histories', 300);
  const concurrency = argValue('--concurrency', defaultReplayConcurrency());
  const lanesPerProcess = argValue('--lanes', 1);
  const history = historyFromJSON(readFileSync(file, 'utf8'));
  const workflowBundle = await bundleWorkflows(BASELINE_WORKFLOWS);
  const source = (n: number) =>
    (function* () {
      for (let i = 0; i < n; i++) yield { workflowId: `p-${i}`, history };
    })();
  const t0 = performance.now();
  const cpu0 = cpuSecondsWithChildren();
  const results = await replayInParallel({ workflowBundle, replayName: 'profile-w5' }, source(count), { concurrency, lanesPerProcess });
  const cpu = cpuSecondsWithChildren() - cpu0;
  const wall = performance.now() - t0;
  const errors = results.filter((r) => r.error);
  console.log(
    `[profile-w5] ${count} × ${history.events?.length} events, ${concurrency} processes × ${lanesPerProcess} lanes: ${(wall / count).toFixed(2)} ms wall, ${((cpu * 1000) / count).toFixed(2)} ms CPU per history (process start included); ${errors.length} errors${errors[0] ? ` (${errors[0].error?.message})` : ''}`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

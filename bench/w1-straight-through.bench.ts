/**
 * W1 (performance.md): straight-through process of 10 no-op service tasks, N instances
 * with C in flight, against the dev server. Baseline in the same run: the same 10
 * steps as a hand-written Temporal workflow with local activities (as an expert would write it).
 * Both start with eager workflow start unless --no-eager. Each round runs both, the first side
 * alternating between rounds, so drift on a noisy machine and order effects hit both.
 * The product computes pure `noop` steps in the workflow; `--local-steps` marks every step
 * `tthc:execution="local"` (one local activity per step, like the baseline) and writes
 * `w1-straight-through-local-steps.json`: the interpreter's own cost next to the same work.
 *
 *   SWCRC=true node -r @swc-node/register bench/w1-straight-through.bench.ts [--smoke] [--local-steps] [--instances N] [--concurrency C] [--rounds R]
 */
import { straightThroughBpmn } from './w1w3w5/bpmn-generators';
import { historySize, openBenchEnv } from './w1w3w5/bench-harness';
import { argValue, environmentInfo, writeResult } from './w1w3w5/results';
import { runConcurrently, summarize } from './w1w3w5/stats';

const STEPS = 10;

async function main() {
  const smoke = process.argv.includes('--smoke');
  const instances = argValue('--instances', smoke ? 6 : 200);
  const concurrency = argValue('--concurrency', smoke ? 3 : 20);
  const rounds = argValue('--rounds', smoke ? 1 : 3);
  const unloadedSamples = argValue('--unloaded', smoke ? 3 : 20);
  const localSteps = process.argv.includes('--local-steps');
  const env = await openBenchEnv({ eager: !process.argv.includes('--no-eager') });
  try {
    const def = (await env.h.deploy(straightThroughBpmn(STEPS, `straight${STEPS}`, localSteps ? 'local' : undefined)))[`straight${STEPS}`];
    const interpreter = () => env.runProcess(def).then(() => undefined);
    const baseline = () => env.runBaseline('baselineSequence', [STEPS]).then(() => undefined);

    // warm-up: bundle caches, sticky queues, SQLite pages
    await runConcurrently(Math.min(10, instances), concurrency, interpreter);
    await runConcurrently(Math.min(10, instances), concurrency, baseline);

    const loaded = { interpreter: [] as number[], baseline: [] as number[] };
    const throughput = { interpreter: [] as number[], baseline: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      // which side goes first alternates, so an order effect (server state after a burst) cancels out
      const order = [['baseline', baseline], ['interpreter', interpreter]] as const;
      for (const [name, task] of r % 2 === 0 ? order : [...order].reverse()) {
        const { wallMs, latencies } = await runConcurrently(instances, concurrency, task);
        throughput[name].push(instances / (wallMs / 1000));
        loaded[name].push(...latencies);
        console.log(`[w1] round ${r + 1} ${name}: ${(instances / (wallMs / 1000)).toFixed(1)} instances/s`);
      }
    }
    const unloaded = {
      interpreter: (await runConcurrently(unloadedSamples, 1, interpreter)).latencies,
      baseline: (await runConcurrently(unloadedSamples, 1, baseline)).latencies,
    };
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const tInterp = mean(throughput.interpreter);
    const tBase = mean(throughput.baseline);

    const sampleInterp = await env.runProcess(def);
    const sampleBase = await env.runBaseline('baselineSequence', [STEPS]);
    const hInterp = await historySize(env.h, sampleInterp.workflowId);
    const hBase = await historySize(env.h, sampleBase.workflowId);

    const file = writeResult(localSteps ? 'w1-straight-through-local-steps' : 'w1-straight-through', smoke, {
      ...environmentInfo(env.temporalCli),
      parameters: { steps: STEPS, stepExecution: localSteps ? 'tthc:execution="local" (a local activity per step)' : 'the product\'s choice (pure noop steps computed in the workflow)', instances, concurrency, rounds, unloadedSamples, server: 'temporal server start-dev (SQLite, WAL)', database: 'SQLite (temp file)', eagerStart: env.eager, baseline: 'local activities (runServiceTask noop)' },
      eagerStarts: env.eagerStarts,
      figures: {
        throughputPerSecond: { interpreter: round1(tInterp), baseline: round1(tBase), perRound: { interpreter: throughput.interpreter.map(round1), baseline: throughput.baseline.map(round1) } },
        ratioToBaseline: Math.round((tInterp / tBase) * 1000) / 1000,
        latencyMsLoaded: { interpreter: summarize(loaded.interpreter), baseline: summarize(loaded.baseline) },
        latencyMsUnloaded: { interpreter: summarize(unloaded.interpreter), baseline: summarize(unloaded.baseline) },
        history: { interpreter: hInterp, baseline: hBase },
      },
      budget: { ratioToBaselineAtLeast: 0.8, absolutePerSecondAtLeast: 40, unloadedP50MsAtMost: 100 },
    });
    console.log(`[w1] interpreter ${tInterp.toFixed(1)}/s, baseline ${tBase.toFixed(1)}/s, ratio ${(tInterp / tBase).toFixed(2)} → ${file}`);
  } finally {
    await env.close();
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

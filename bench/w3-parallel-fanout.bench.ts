/**
 * W3 (performance.md): one instance = parallel fan-out/join of 50 no-op service tasks.
 * Baseline in the same run: a hand-written workflow doing Promise.all over the same
 * activity. Figures: latency per instance (p50/p95/p99) and history size ratio.
 *
 *   SWCRC=true node -r @swc-node/register bench/w3-parallel-fanout.bench.ts [--smoke] [--instances N] [--branches B]
 */
import { fanOutBpmn } from './w1w3w5/bpmn-generators';
import { historySize, openBenchEnv } from './w1w3w5/bench-harness';
import { argValue, environmentInfo, writeResult } from './w1w3w5/results';
import { runConcurrently, summarize } from './w1w3w5/stats';

async function main() {
  const smoke = process.argv.includes('--smoke');
  const branches = argValue('--branches', 50);
  const instances = argValue('--instances', smoke ? 3 : 30);
  const env = await openBenchEnv({ eager: !process.argv.includes('--no-eager') });
  try {
    const def = (await env.h.deploy(fanOutBpmn(branches)))[`fanout${branches}`];
    const ids = { interpreter: [] as string[], baseline: [] as string[] };
    const interpreter = async () => {
      ids.interpreter.push((await env.runProcess(def)).workflowId);
    };
    const baseline = async () => {
      ids.baseline.push((await env.runBaseline('baselineParallel', [branches])).workflowId);
    };
    await runConcurrently(2, 1, interpreter);
    await runConcurrently(2, 1, baseline);
    const lat = { interpreter: [] as number[], baseline: [] as number[] };
    // alternate instance by instance, one at a time (W3 measures one instance, unloaded)
    for (let i = 0; i < instances; i++) {
      lat.baseline.push(...(await runConcurrently(1, 1, baseline)).latencies);
      lat.interpreter.push(...(await runConcurrently(1, 1, interpreter)).latencies);
    }
    const hInterp = await historySize(env.h, ids.interpreter[ids.interpreter.length - 1]);
    const hBase = await historySize(env.h, ids.baseline[ids.baseline.length - 1]);
    const sInterp = summarize(lat.interpreter);
    const sBase = summarize(lat.baseline);
    const file = writeResult('w3-parallel-fanout', smoke, {
      ...environmentInfo(env.temporalCli),
      parameters: { branches, instances, server: 'temporal server start-dev (SQLite, WAL)', database: 'SQLite (temp file)', eagerStart: env.eager, baseline: 'Promise.all of local activities (runServiceTask noop)' },
      eagerStarts: env.eagerStarts,
      figures: {
        latencyMs: { interpreter: sInterp, baseline: sBase },
        latencyP50RatioToBaseline: Math.round((sInterp.p50 / sBase.p50) * 1000) / 1000,
        history: { interpreter: hInterp, baseline: hBase },
        historyBytesRatio: Math.round((hInterp.bytes / hBase.bytes) * 1000) / 1000,
        historyEventsRatio: Math.round((hInterp.events / hBase.events) * 1000) / 1000,
        // without the start event, i.e. without the executable graph pinned in the input
        historyBytesRatioAfterStart: Math.round((hInterp.bytesAfterStart / hBase.bytesAfterStart) * 1000) / 1000,
      },
      budget: { p50MsAtMost: 300, historyRatioAtMost: 1.2 },
    });
    console.log(`[w3] p50 interpreter ${sInterp.p50} ms, baseline ${sBase.p50} ms; history bytes ${hInterp.bytes} vs ${hBase.bytes}, events ${hInterp.events} vs ${hBase.events} → ${file}`);
  } finally {
    await env.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

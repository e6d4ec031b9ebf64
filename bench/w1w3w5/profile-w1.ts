/**
 * Where a W1 instance's CPU goes: runs N straight-through instances (interpreter, then baseline)
 * and reports CPU milliseconds per instance of this process (client + worker + workflow threads)
 * and of the Temporal dev server, plus the wall time. Run with `--cpu-prof` (node) to see the
 * worker's own hot spots. Not a benchmark (no committed result): a measuring tool for bench work.
 *
 *   SWCRC=true node -r @swc-node/register bench/w1w3w5/profile-w1.ts [--instances N] [--concurrency C] [--only interpreter|baseline]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { straightThroughBpmn } from './bpmn-generators';
import { openBenchEnv } from './bench-harness';
import { argValue } from './results';
import { runConcurrently } from './stats';

const TICK_MS = 10; // USER_HZ 100

/** CPU ms (user + system) of every descendant process of ours (the dev server) */
function childrenCpuMs(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      // gone
    }
  }
  return total;
}

/** CPU ms per thread name of this process (main, the workflow thread, the core's tokio threads...) */
function threadCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // every JS thread is named "node": told apart by id (the first is the main thread)
      const key = name === 'node' ? `node#${tid}` : name;
      out.set(key, (out.get(key) ?? 0) + (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // gone
    }
  }
  return out;
}

async function main() {
  const instances = argValue('--instances', 200);
  const concurrency = argValue('--concurrency', 20);
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
  const env = await openBenchEnv({ eager: true });
  try {
    const def = (await env.h.deploy(straightThroughBpmn(10)))['straight10'];
    const sides = {
      interpreter: () => env.runProcess(def).then(() => undefined),
      baseline: () => env.runBaseline('baselineSequence', [10]).then(() => undefined),
    };
    for (const [name, task] of Object.entries(sides)) {
      if (only && only !== name) continue;
      await runConcurrently(20, concurrency, task);
      const cpu0 = process.cpuUsage();
      const srv0 = childrenCpuMs();
      const threads0 = threadCpuMs();
      const { wallMs, latencies } = await runConcurrently(instances, concurrency, task);
      const cpu = process.cpuUsage(cpu0);
      const srv = childrenCpuMs() - srv0;
      const mine = (cpu.user + cpu.system) / 1000;
      const threads = [...threadCpuMs()].map(([n, ms]) => [n, (ms - (threads0.get(n) ?? 0)) / instances] as const).filter(([, ms]) => ms >= 0.1);
      latencies.sort((a, b) => a - b);
      console.log(
        `[profile] ${name}: ${(instances / (wallMs / 1000)).toFixed(1)}/s, p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(0)} ms; CPU per instance: node ${(mine / instances).toFixed(1)} ms, server ${(srv / instances).toFixed(1)} ms`,
      );
      console.log(`[profile] ${name}: CPU ms per instance by thread (threads that ended are not counted): ${threads.map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ')}`);
    }
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

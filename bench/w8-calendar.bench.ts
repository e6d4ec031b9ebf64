/**
 * W8 (performance.md): working-calendar arithmetic — "add 15 working days" from 100,000
 * random instants (2000–2099, seeded PRNG), budget ≥ 200,000 computations/s on 2 cores.
 * Measures a cold pass (year tables built on demand), then warm passes through the
 * epoch-ms API and through the public ISO-string API (parse + add + format).
 *
 *   SWCRC=true node -r @swc-node/register bench/w8-calendar.bench.ts [--smoke] [--instants N] [--rounds N]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { WorkingCalendar, formatInstant, toEpochMs } from '@tthc/calendar';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** mulberry32: a small seeded PRNG so every run uses the same instants. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function main() {
  const smoke = process.argv.includes('--smoke');
  const n = arg('--instants', smoke ? 5_000 : 100_000);
  const rounds = arg('--rounds', smoke ? 1 : 5);
  const duration = 'P15D';
  const from = toEpochMs('2000-01-01T00:00:00+07:00');
  const to = toEpochMs('2099-06-01T00:00:00+07:00');
  const rnd = prng(20250426);
  const instants = new Float64Array(n);
  for (let i = 0; i < n; i++) instants[i] = Math.floor(from + rnd() * (to - from));
  const isoInstants = Array.from(instants, (ms) => formatInstant(ms));

  const cal = new WorkingCalendar();
  const durationMs = cal.durationMs(duration);
  const out = new Float64Array(n);

  const t0 = performance.now();
  for (let i = 0; i < n; i++) out[i] = cal.addWorkingTimeMs(instants[i], durationMs);
  const coldSeconds = (performance.now() - t0) / 1000;

  const msRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const s = performance.now();
    for (let i = 0; i < n; i++) out[i] = cal.addWorkingTimeMs(instants[i], durationMs);
    msRates.push(n / ((performance.now() - s) / 1000));
  }
  const isoRates: number[] = [];
  let last = '';
  for (let r = 0; r < rounds; r++) {
    const s = performance.now();
    for (let i = 0; i < n; i++) last = cal.addWorkingTime(isoInstants[i], duration);
    isoRates.push(n / ((performance.now() - s) / 1000));
  }

  // Sanity (outside the timing): every result is a working instant exactly 15 working days later.
  let wrong = 0;
  for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 2000))) {
    if (!cal.isWorkingInstant(out[i]) || cal.workingTimeBetweenMs(cal.normaliseMs(instants[i]), out[i]) !== durationMs) wrong++;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const result = {
    name: 'w8-calendar',
    smoke,
    at: new Date().toISOString(),
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryBytes: totalmem(),
    node: process.version,
    parameters: { instants: n, rounds, duration, range: ['2000-01-01', '2099-06-01'], seed: 20250426, agency: 'default 07:30–11:30, 13:00–17:00' },
    figures: {
      coldPassComputationsPerSecond: Math.round(n / coldSeconds),
      warmEpochMsComputationsPerSecond: Math.round(median(msRates)),
      warmIsoStringComputationsPerSecond: Math.round(median(isoRates)),
      sanityFailures: wrong,
      lastResult: last,
    },
    budget: { computationsPerSecond: 200_000, met: median(isoRates) >= 200_000 && n / coldSeconds >= 200_000 },
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `w8-calendar${smoke ? '.smoke' : ''}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result.figures), '→', file);
  if (wrong) process.exit(1);
}

main();

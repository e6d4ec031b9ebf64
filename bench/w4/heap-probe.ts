/**
 * Probe (not a bench): heap per cached timer run. Runs workflows in the main thread (debugMode) so a
 * heap snapshot sees them. Usage: node -r @swc-node/register bench/w4/heap-probe.ts N
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { ProcessHarness } from '@tthc/worker-app/src/testing/process-harness';
import { CalendarOfficeHoursEntity } from '@tthc/persistence';
import { w4Bpmn } from './timer-processes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function main() {
  const n = Number(process.argv[2] ?? 500);
  const dir = mkdtempSync(join(tmpdir(), 'tthc-w4probe-'));
  const h = await ProcessHarness.create({ database: 'sqlite', dbFile: join(dir, 'temporal.db'), port: 3811, workerOptions: { debugMode: true, reuseV8Context: true } });
  try {
    const defs = await h.deploy(w4Bpmn);
    await h.ds.getRepository(CalendarOfficeHoursEntity).save({ agencyCode: 'W4-ALL-DAY', sessions: [{ start: '00:00', end: '23:59' }], updatedBy: 'probe', updatedAt: new Date() });
    await sleep(1500);
    const gc = (globalThis as { gc?: () => void }).gc!;
    const start = async (count: number) => {
      for (let i = 0; i < count; i += 20) await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => h.start((i + j) % 4 === 0 ? defs.w4Boundary : defs.w4Catch, { dur: 'PT1H' }, { agency: 'W4-ALL-DAY' })));
    };
    await start(50);
    await sleep(5000);
    gc(); gc();
    const before = process.memoryUsage().heapUsed;
    await start(n);
    await sleep(8000);
    gc(); gc();
    const after = process.memoryUsage().heapUsed;
    console.log(`[probe] ${n} runs: heap +${((after - before) / 1e6).toFixed(1)} MB = ${((after - before) / n / 1024).toFixed(1)} KiB per run`);
    if (process.argv.includes('--snapshot')) console.log('[probe] snapshot', writeHeapSnapshot(join('/work/coord/w4', `heap-${n}.heapsnapshot`)));
  } finally {
    await h.close();
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });

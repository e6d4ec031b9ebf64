/**
 * W4 (performance.md): many instances each waiting on a timer, due instants spread over
 * 5 minutes, on the dev server with the real worker (createWorker through ProcessHarness,
 * as W1). A quarter of the instances wait on an interrupting boundary timer of an open
 * user task (so the inbox row is written and then cancelled), the rest on an intermediate
 * timer. Start errors (server IO timeouts would show there) are counted.
 *
 * The bulk uses working-time timers (tthc:calendar="working", duration = the instance's `dur`
 * variable) in an agency whose office hours are 00:00–23:59, so on a working day working time
 * and wall time agree and the durations can be spread evenly over 5 minutes; the workflow computes
 * each timer's instant when it arms it (pinned calendar, no activity).
 *
 * Timer lateness (the budget) = close − the instant the timer was ARMED for, for every instance:
 * read from its history after the run (arming workflow task start, the workflow clock the instant is
 * computed from, + the timer's startToFireTimeout; w4/timer-history.ts). Reported next to it: the
 * arming delay (request → TimerStarted) and its phases, the start rate the worker absorbed, the cost
 * of a run (workflow tasks, activities, markers), CPU per instance of the worker and the dev server,
 * and, secondary, close − planned (request time + duration), which adds the arming delay.
 * A second small sample runs a PT1M working-time timer on the national office hours.
 *
 * Starts are paced (`--start-rate`, default 30/s) and all done before the first due instant
 * (lead = starting time + 30 s unless `--lead-s`).
 *
 *   npm run bench -- w4 [--smoke] [--instances N] [--spread-s S] [--lead-s L] [--start-rate R] [--sample N] [--working-sample N] [--drain-s D]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessHarness, type Deployed } from '@tthc/worker-app/src/testing/process-harness';
import { temporalPaths } from '@tthc/worker-app/src/testing/temporal-paths';
import { argValue, environmentInfo, writeResult } from './w1w3w5/results';
import { summarize } from './w1w3w5/stats';
import { w4Bpmn } from './w4/timer-processes';
import { CalendarOfficeHoursEntity } from '@tthc/persistence';
import { workerTuningFromEnv } from '@tthc/worker-app/src/worker/worker-config';
import { loadavg } from 'node:os';
import { tsMs } from './w4/timer-breakdown';
import { readTimerRuns, runFigures } from './w4/run-figures';
import { cpuPerInstance, readCpu } from './w4/cpu';

/** the bench's agency: office hours all day, so working time = wall time on a working day */
const AGENCY = 'W4-ALL-DAY';

const PORT = 3801;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const smoke = process.argv.includes('--smoke');
  const n = argValue('--instances', smoke ? 40 : 10_000);
  const spreadMs = argValue('--spread-s', smoke ? 20 : 300) * 1000;
  const startRate = argValue('--start-rate', smoke ? 20 : 30);
  const leadMs = argValue('--lead-s', Math.ceil(n / startRate) + (smoke ? 10 : 30)) * 1000;
  const concurrency = argValue('--concurrency', 16);
  // histories read after the run: every instance unless --sample N (then every (n/N)-th)
  const sampleSize = argValue('--sample', n);
  // the PT1M national-hours sample waits a minute per instance during office hours (0 = skip it, e.g. profiling)
  const workingSampleSize = argValue('--working-sample', 3);
  const tuning = workerTuningFromEnv();
  let peakRssBytes = 0;
  const rssTimer = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss)), 2000);
  const loadSamples: number[] = [];
  const loadTimer = setInterval(() => loadSamples.push(loadavg()[0]), 10_000);
  const boundaryEvery = 4;
  const dir = mkdtempSync(join(tmpdir(), 'tthc-w4-'));
  // profiling knobs of the SDK's workflow-task pollers (docs/worker.md "Tuning"); default: the worker's own
  const pollOptions = {
    ...(process.argv.includes('--nonsticky-ratio') ? { nonStickyToStickyPollRatio: argValue('--nonsticky-ratio', 0.2) } : {}),
    ...(process.argv.includes('--wf-polls') ? { maxConcurrentWorkflowTaskPolls: argValue('--wf-polls', 10) } : {}),
  };
  const h = await ProcessHarness.create({ database: 'sqlite', dbFile: join(dir, 'temporal.db'), port: PORT, workerOptions: pollOptions });
  try {
    const defs = await h.deploy(w4Bpmn);
    await h.ds.getRepository(CalendarOfficeHoursEntity).save({ agencyCode: AGENCY, sessions: [{ start: '00:00', end: '23:59' }], updatedBy: 'w4-bench', updatedAt: new Date() });
    await sleep(1500); // the worker's calendar cache looks for changes once a second
    const agency = { agency: AGENCY };
    // warm-up: one of each, due at once
    await Promise.all(['w4Catch', 'w4Boundary'].map(async (k) => (await h.start(defs[k], { dur: 'PT1S' }, agency)).result()));

    const base = Date.now() + leadMs;
    const due: number[] = [];
    const askedAt: number[] = [];
    const kind = (i: number): 'catch' | 'boundary' => (i % boundaryEvery === 0 ? 'boundary' : 'catch');
    const ids: string[] = [];
    const startedAt: number[] = [];
    const startErrors: string[] = [];
    let next = 0;
    const t0 = Date.now();
    const cpuStart = readCpu();
    const lane = async () => {
      while (next < n) {
        const i = next++;
        const pace = t0 + (i * 1000) / startRate - Date.now();
        if (pace > 0) await sleep(pace);
        const planned = base + Math.floor((i * spreadMs) / n);
        const def: Deployed = i % boundaryEvery === 0 ? defs.w4Boundary : defs.w4Catch;
        for (let attempt = 0; ; attempt++) {
          try {
            const asked = Date.now();
            const seconds = Math.max(1, Math.round((planned - asked) / 1000));
            const s = await h.start(def, { dur: `PT${seconds}S` }, agency);
            due[i] = asked + seconds * 1000;
            askedAt[i] = asked;
            ids[i] = `pi/${s.instanceId}`;
            startedAt[i] = Date.now();
            break;
          } catch (err) {
            startErrors.push(String((err as Error).message).slice(0, 200));
            if (attempt >= 2) throw err;
          }
        }
        if (i % 1000 === 999) console.log(`[w4] started ${i + 1}/${n} (${((i + 1) / ((Date.now() - t0) / 1000)).toFixed(1)}/s)`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    const startSeconds = (Date.now() - t0) / 1000;
    const cpuStarted = readCpu();
    const startedLate = due.filter((d, i) => startedAt[i] > d).length;
    console.log(`[w4] ${n} started in ${startSeconds.toFixed(0)} s; ${startedLate} started after their due instant`);

    // wait until every instance has closed, or the drain deadline
    const deadline = base + spreadMs + argValue('--drain-s', smoke ? 60 : 180) * 1000;
    const query = `TaskQueue="${h.taskQueue}" AND ExecutionStatus="Completed"`;
    let done = 0;
    while (Date.now() < deadline) {
      done = (await h.client.workflow.count(query)).count;
      if (done >= n + 2) break;
      await sleep(5000);
    }
    const closeTime = new Map<string, number>();
    for await (const wf of h.client.workflow.list({ query })) if (wf.closeTime) closeTime.set(wf.workflowId, wf.closeTime.getTime());
    const lateness: number[] = [];
    const byKind: Record<'catch' | 'boundary', number[]> = { catch: [], boundary: [] };
    const byFifth: number[][] = [[], [], [], [], []];
    let notClosed = 0;
    ids.forEach((id, i) => {
      const c = closeTime.get(id);
      if (c === undefined) notClosed++;
      else if (startedAt[i] <= due[i]) {
        lateness.push(c - due[i]);
        byKind[kind(i)].push(c - due[i]);
        byFifth[Math.floor((i * 5) / n)].push(c - due[i]);
      }
    });
    // every instance's history (or every k-th with --sample): the instant its timer was armed for, the intake, the cost
    const step = Math.max(1, Math.floor(n / Math.min(n, sampleSize)));
    const indices = ids.map((_, i) => i).filter((i) => i % step === 0);
    const cpuEnd = readCpu();
    const readStart = Date.now();
    const runs = await readTimerRuns(h.client, indices.map((i) => ids[i]), closeTime);
    console.log(`[w4] read ${indices.length} histories in ${((Date.now() - readStart) / 1000).toFixed(0)} s`);
    const f = runFigures(indices, runs, { askedAt, due, closeTime: (i) => closeTime.get(ids[i]), kind, fifth: (i) => Math.floor((i * 5) / n) });
    const working = workingSampleSize > 0 ? await workingSample(h, defs.w4Working, workingSampleSize) : 'skipped (--working-sample 0)';
    const sum = summarize(lateness);
    // the full run keeps the name w4-timers; a run with another count is kept beside it
    const name = smoke || n === 10_000 ? 'w4-timers' : `w4-timers-${n}`;
    const file = writeResult(name, smoke, {
      ...environmentInfo(temporalPaths().temporal),
      parameters: {
        instances: n,
        boundaryTimerShare: `1 in ${boundaryEvery} (interrupting boundary timer on an open user task)`,
        spreadSeconds: spreadMs / 1000,
        leadSeconds: leadMs / 1000,
        drainSeconds: argValue('--drain-s', smoke ? 60 : 180),
        startRatePerSecond: startRate,
        startConcurrency: concurrency,
        timers: `working time (tthc:calendar="working", timeDuration =dur) in agency ${AGENCY}, office hours 00:00–23:59; see workingCalendarSample for the national hours`,
        workerTuning: { ...tuning, ...pollOptions },
        server: 'temporal server start-dev (SQLite, WAL), port 3801',
        database: 'SQLite (temp file)',
      },
      figures: {
        startSeconds: Math.round(startSeconds),
        startsPerSecond: Math.round((n / startSeconds) * 10) / 10,
        startErrors: startErrors.length,
        startErrorSamples: [...new Set(startErrors)].slice(0, 5),
        closedInstances: closeTime.size,
        notClosedByDeadline: notClosed,
        // the budget's figure: lateness against the instant each timer was armed for (every instance's history)
        ...f,
        cpu: { starting: cpuPerInstance(cpuStart, cpuStarted, n), wholeRun: cpuPerInstance(cpuStart, cpuEnd, n) },
        planned: {
          note: 'secondary: close − (request time + duration), counts the arming delay too; only instances started before their planned instant',
          startedAfterPlanned: startedLate,
          latenessMsCloseTime: sum,
          latenessMsByKind: { catch: summarize(byKind.catch), boundary: summarize(byKind.boundary) },
          latenessMsByDueFifth: byFifth.map((xs) => summarize(xs)),
        },
        peakRssMiB: Math.round(peakRssBytes / 1048576),
        loadAverage1mWhileRunning: { min: Math.min(...loadSamples), max: Math.max(...loadSamples), mean: Math.round((loadSamples.reduce((x, y) => x + y, 0) / Math.max(1, loadSamples.length)) * 10) / 10 },
        workingCalendarSample: working,
      },
      budget: {
        latenessP99MsAtMost: 1000,
        measuredOn: 'timerLatenessMs.closeAfterArmed',
        met: f.closeAfterArmedP99 <= 1000 && f.histories === n && f.notArmed === 0 && notClosed === 0 && startErrors.length === 0,
      },
    });
    console.log(`[w4] close − armed ${JSON.stringify(f.timerLatenessMs.closeAfterArmed)}; request → armed ${JSON.stringify(f.arming.requestToArmedMs)}; close − planned ${JSON.stringify(sum)}; not closed ${notClosed} → ${file}`);
  } finally {
    clearInterval(rssTimer);
    clearInterval(loadTimer);
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A few instances with a PT1M working-time timer: the instant the worker arms the timer
 * for (TimerStarted time + startToFireTimeout), and whether that was during office hours.
 */
async function workingSample(h: ProcessHarness, def: Deployed, size: number) {
  const hcm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23' });
  const out: Array<{ startedAtIct: string; armedForIct: string | null; firedLateMs: number | null }> = [];
  for (let k = 0; k < size; k++) {
    const s = await h.start(def, {});
    const handle = s.handle;
    let armed: number | null = null;
    for (let t = 0; t < 30 && armed === null; t++) {
      const ev = (await handle.fetchHistory()).events?.find((e) => e.timerStartedEventAttributes);
      if (ev) {
        const a = ev.timerStartedEventAttributes!.startToFireTimeout!;
        armed = tsMs(ev.eventTime) + Number(a.seconds) * 1000 + (a.nanos ?? 0) / 1e6;
      } else await sleep(1000);
    }
    let firedLateMs: number | null = null;
    if (armed !== null && armed - Date.now() < 90_000) {
      // office hours: it fires within the run; measure it
      await s.result();
      const ev = (await handle.fetchHistory()).events?.find((e) => e.timerFiredEventAttributes);
      firedLateMs = ev ? Math.round(tsMs(ev.eventTime) - armed) : null;
    } else await handle.terminate('W4 sample outside office hours');
    out.push({ startedAtIct: hcm.format(new Date()), armedForIct: armed === null ? null : hcm.format(new Date(armed)), firedLateMs });
  }
  return { note: 'PT1M on the working calendar (Asia/Ho_Chi_Minh, 07:30–11:30, 13:00–17:00): outside office hours it is armed for the next working minute, so lateness is only measured when the run is during office hours', instances: out };
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

/**
 * W4 (performance.md): many instances each waiting on a timer, due instants spread over
 * 5 minutes, on the dev server with the real worker (createWorker through ProcessHarness,
 * as W1). A quarter of the instances wait on an interrupting boundary timer of an open
 * user task (so the inbox row is written and then cancelled), the rest on an intermediate
 * timer. Figures: lateness = fired instant − due instant, p50/p95/p99, where "fired" is
 * the instance's close time (the process has acted on the timer and ended) for every
 * instance, and the server's TimerFired event time for a sample; start errors (server IO
 * timeouts would show there) are counted.
 *
 * The bulk uses working-time timers (tthc:calendar="working", duration = the instance's `dur`
 * variable) in an agency whose office hours are 00:00–23:59, so on a working day working time
 * and wall time agree and the durations can be spread evenly over 5 minutes; each timer's
 * instant is computed once, when it is armed (one computeDue local activity), and firing it costs
 * no activity. The planned due instant of an instance is the moment the bench asked to start it +
 * its duration: the timer is armed a little later, so close − planned due over-states lateness
 * (never under-states it). The history sample gives the exact figure: armed instant
 * (TimerStarted + startToFireTimeout) to TimerFired and to the close. A second small sample runs a
 * PT1M working-time timer on the national office hours (07:30–11:30, 13:00–17:00 ICT).
 *
 * Starts are paced (`--start-rate`, default 30/s) and all done before the first due instant
 * (lead = starting time + 30 s unless `--lead-s`), so what is measured is the timers, not a
 * start burst the worker has not absorbed yet.
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
import { temporal } from '@temporalio/proto';
import { timerBreakdown, tsMs, type TimerBreakdown } from './w4/timer-breakdown';

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
  const sampleSize = argValue('--sample', smoke ? 40 : 1000);
  // the PT1M national-hours sample waits a minute per instance during office hours (0 = skip it, e.g. profiling)
  const workingSampleSize = argValue('--working-sample', 3);
  const tuning = workerTuningFromEnv();
  let peakRssBytes = 0;
  const rssTimer = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss)), 2000);
  const loadSamples: number[] = [];
  const loadTimer = setInterval(() => loadSamples.push(loadavg()[0]), 10_000);
  const boundaryEvery = 4;
  const dir = mkdtempSync(join(tmpdir(), 'tthc-w4-'));
  const h = await ProcessHarness.create({ database: 'sqlite', dbFile: join(dir, 'temporal.db'), port: PORT });
  try {
    const defs = await h.deploy(w4Bpmn);
    await h.ds.getRepository(CalendarOfficeHoursEntity).save({ agencyCode: AGENCY, sessions: [{ start: '00:00', end: '23:59' }], updatedBy: 'w4-bench', updatedAt: new Date() });
    await sleep(1500); // the worker's calendar cache looks for changes once a second
    const agency = { agency: AGENCY };
    // warm-up: one of each, due at once
    await Promise.all(['w4Catch', 'w4Boundary'].map(async (k) => (await h.start(defs[k], { dur: 'PT1S' }, agency)).result()));

    const base = Date.now() + leadMs;
    const due: number[] = [];
    const ids: string[] = [];
    const startedAt: number[] = [];
    const startErrors: string[] = [];
    let next = 0;
    const t0 = Date.now();
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
        byKind[i % boundaryEvery === 0 ? 'boundary' : 'catch'].push(c - due[i]);
        byFifth[Math.floor((i * 5) / n)].push(c - due[i]);
      }
    });
    // server-side fire time for a sample
    const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(n / sampleSize)) === 0);
    const fired: number[] = [];
    const closedAfterArmed: number[] = [];
    const armedMinusPlanned: number[] = [];
    const breakdowns: Array<TimerBreakdown & { total: number }> = [];
    let firedTaskMissedCache = 0;
    let noTimerFired = 0; // the worker armed the timer only after its due instant: no Temporal timer at all
    for (let k = 0; k < sample.length; k++) {
      const i = ids.indexOf(sample[k]);
      const history = await h.client.workflow.getHandle(sample[k]).fetchHistory();
      const events = history.events ?? [];
      const startedAt = events.findIndex((e) => e.timerStartedEventAttributes);
      const ev = events.find((e) => e.timerFiredEventAttributes);
      // the workflow task after the timer fired: on the sticky queue when the run was still cached
      const firedAt = events.findIndex((e) => e.timerFiredEventAttributes);
      const nextTask = firedAt >= 0 ? events.slice(firedAt).find((e) => e.workflowTaskScheduledEventAttributes) : undefined;
      if (nextTask && nextTask.workflowTaskScheduledEventAttributes?.taskQueue?.kind !== temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY) firedTaskMissedCache++;
      if (!ev || startedAt < 0) {
        noTimerFired++;
        continue;
      }
      // the workflow's clock in a workflow task is the task's WorkflowTaskStarted time: the timer's
      // instant is that + the sleep it asked for (startToFireTimeout)
      const taskStarted = events.slice(0, startedAt).reverse().find((e) => e.workflowTaskStartedEventAttributes);
      const a = events[startedAt].timerStartedEventAttributes!.startToFireTimeout!;
      const armed = tsMs(taskStarted?.eventTime) + Number(a.seconds ?? 0) * 1000 + (a.nanos ?? 0) / 1e6;
      armedMinusPlanned.push(armed - due[i]);
      fired.push(tsMs(ev.eventTime) - armed);
      const c = closeTime.get(sample[k]);
      if (c !== undefined) closedAfterArmed.push(c - armed);
      const parts = timerBreakdown(events, c);
      if (parts && c !== undefined) breakdowns.push({ ...parts, total: c - armed });
    }

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
        workerTuning: tuning,
        server: 'temporal server start-dev (SQLite, WAL), port 3801',
        database: 'SQLite (temp file)',
      },
      figures: {
        startSeconds: Math.round(startSeconds),
        startsPerSecond: Math.round((n / startSeconds) * 10) / 10,
        startErrors: startErrors.length,
        startErrorSamples: [...new Set(startErrors)].slice(0, 5),
        startedAfterDue: startedLate,
        closedInstances: closeTime.size,
        notClosedByDeadline: notClosed,
        latenessMsCloseTime: sum,
        latenessMsByKind: { catch: summarize(byKind.catch), boundary: summarize(byKind.boundary) },
        latenessMsByDueFifth: byFifth.map((xs) => summarize(xs)),
        latenessMsServerTimerFiredSample: summarize(fired),
        latenessMsCloseAfterArmedSample: summarize(closedAfterArmed),
        armedMinusPlannedMsSample: summarize(armedMinusPlanned),
        peakRssMiB: Math.round(peakRssBytes / 1048576),
        loadAverage1mWhileRunning: { min: Math.min(...loadSamples), max: Math.max(...loadSamples), mean: Math.round((loadSamples.reduce((x, y) => x + y, 0) / Math.max(1, loadSamples.length)) * 10) / 10 },
        latenessBreakdownSample: breakdownFigures(breakdowns),
        sampleHistories: sample.length,
        sampleWithoutTimerFired: noTimerFired,
        sampleFiredTaskOnNormalQueue: firedTaskMissedCache,
        workingCalendarSample: working,
      },
      // timer lateness = close − the timer's own instant (history sample); close − planned also counts how late the worker started the instance
      budget: { latenessP99MsAtMost: 1000, measuredOn: 'latenessMsCloseAfterArmedSample', met: summarize(closedAfterArmed).p99 <= 1000 && noTimerFired === 0 && notClosed === 0 && startErrors.length === 0 },
    });
    console.log(`[w4] close − planned ${JSON.stringify(sum)}; close − armed (sample) ${JSON.stringify(summarize(closedAfterArmed))}; not closed ${notClosed} → ${file}`);
  } finally {
    clearInterval(rssTimer);
    clearInterval(loadTimer);
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Each phase of the lateness (w4/timer-breakdown.ts) over the history sample, and the mean of each
 * phase over the slowest 5 % (close − the timer's own instant ≥ its p95): where the tail comes from.
 */
function breakdownFigures(rows: Array<TimerBreakdown & { total: number }>) {
  const phases = ['armTask', 'serverFire', 'fireQueued', 'fireTask', 'afterFireTask', 'armTaskMarkers', 'fireTaskMarkers'] as const;
  const p95 = summarize(rows.map((r) => r.total)).p95;
  const tail = rows.filter((r) => r.total >= p95);
  const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 10) / 10;
  return {
    note: 'ms per phase: armTask = arming workflow task (timer starts at its completion), serverFire = TimerFired − (TimerStarted + duration), fireQueued / fireTask = the task after TimerFired scheduled→started / started→completed, afterFireTask = close − that task; *Markers = local activities recorded by the task',
    all: Object.fromEntries(phases.map((k) => [k, summarize(rows.map((r) => r[k]))])),
    slowest5PercentMean: { count: tail.length, ...Object.fromEntries(phases.map((k) => [k, mean(tail.map((r) => r[k]))])) },
  };
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

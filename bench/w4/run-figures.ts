/**
 * The W4 figures read from the instances' histories after the run (bench/w4-timers.bench.ts):
 * timer lateness against the instant each timer was armed for (the budget's figure), the arming
 * delay (request → armed) and its phases, the start rate the worker absorbed, the cost of a run.
 */
import type { Client } from '@temporalio/client';
import { summarize } from '../w1w3w5/stats';
import type { TimerBreakdown } from './timer-breakdown';
import { intake, timerRun, type TimerRun } from './timer-history';

/** the histories of `workflowIds`, `concurrency` at a time (after the run: it does not disturb the timers) */
export async function readTimerRuns(client: Client, workflowIds: string[], closeTime: Map<string, number>, concurrency = 16): Promise<Array<TimerRun | undefined>> {
  const out: Array<TimerRun | undefined> = new Array(workflowIds.length);
  let next = 0;
  const lane = async () => {
    for (let k = next++; k < workflowIds.length; k = next++) {
      const history = await client.workflow.getHandle(workflowIds[k]).fetchHistory();
      out[k] = timerRun(history.events ?? [], closeTime.get(workflowIds[k]));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return out;
}

export interface RunInputs {
  /** per instance index: when the bench asked to start it, and its planned due instant (asked + duration) */
  askedAt: number[];
  due: number[];
  closeTime(i: number): number | undefined;
  kind(i: number): 'catch' | 'boundary';
  fifth(i: number): number;
}

/** `indices[k]` is the instance whose history gave `runs[k]` */
export function runFigures(indices: number[], runs: Array<TimerRun | undefined>, x: RunInputs) {
  const closeAfterArmed: number[] = [];
  const byKind: Record<'catch' | 'boundary', number[]> = { catch: [], boundary: [] };
  const byFifth: number[][] = [[], [], [], [], []];
  const firedAfterArmed: number[] = [];
  const requestToArmed: number[] = [];
  const requestToRunStarted: number[] = [];
  const firstTaskQueued: number[] = [];
  const firstTaskRun: number[] = [];
  const armedMinusPlanned: number[] = [];
  const requested: number[] = [];
  const armed: number[] = [];
  const breakdowns: Array<TimerBreakdown & { total: number }> = [];
  const costs: Record<'catch' | 'boundary', Array<TimerRun['cost']>> = { catch: [], boundary: [] };
  let notArmed = 0;
  let armedNotClosed = 0;
  indices.forEach((i, k) => {
    const r = runs[k];
    requested.push(x.askedAt[i]);
    if (!r) {
      notArmed++;
      return;
    }
    armed.push(r.armedAt);
    requestToArmed.push(r.armedAt - x.askedAt[i]);
    requestToRunStarted.push(r.runStarted - x.askedAt[i]);
    firstTaskQueued.push(r.firstTaskStarted - r.firstTaskScheduled);
    firstTaskRun.push(r.firstTaskCompleted - r.firstTaskStarted);
    armedMinusPlanned.push(r.armedFor - x.due[i]);
    if (r.firedAt !== undefined) firedAfterArmed.push(r.firedAt - r.armedFor);
    costs[x.kind(i)].push(r.cost);
    const c = x.closeTime(i);
    if (c === undefined) {
      armedNotClosed++;
      return;
    }
    closeAfterArmed.push(c - r.armedFor);
    byKind[x.kind(i)].push(c - r.armedFor);
    byFifth[x.fifth(i)].push(c - r.armedFor);
    if (r.breakdown) breakdowns.push({ ...r.breakdown, total: c - r.armedFor });
  });
  const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 10) / 10;
  const costOf = (cs: Array<TimerRun['cost']>) => ({
    runs: cs.length,
    workflowTasks: mean(cs.map((c) => c.workflowTasks)),
    activities: mean(cs.map((c) => c.activities)),
    markers: mean(cs.map((c) => c.markers)),
    events: mean(cs.map((c) => c.events)),
  });
  return {
    histories: indices.length,
    notArmed,
    armedNotClosed,
    timerLatenessMs: {
      note: 'close − the instant the timer was armed for (arming workflow task start + startToFireTimeout = the working-time instant the workflow computed), every instance read',
      closeAfterArmed: summarize(closeAfterArmed),
      byKind: { catch: summarize(byKind.catch), boundary: summarize(byKind.boundary) },
      byDueFifth: byFifth.map((xs) => summarize(xs)),
      timerFiredAfterArmed: summarize(firedAfterArmed),
    },
    arming: {
      note: 'request = the bench calls start (the API would: projection row + workflow start); armed = TimerStarted (the arming workflow task completed)',
      requestToArmedMs: summarize(requestToArmed),
      requestToRunStartedMs: summarize(requestToRunStarted),
      firstTaskQueuedMs: summarize(firstTaskQueued),
      firstTaskRunMs: summarize(firstTaskRun),
      armedForMinusPlannedMs: summarize(armedMinusPlanned),
      intake: armed.length ? intake(requested, armed) : null,
    },
    costPerRun: { catch: costOf(costs.catch), boundary: costOf(costs.boundary) },
    latenessBreakdown: breakdownFigures(breakdowns),
    closeAfterArmedP99: summarize(closeAfterArmed).p99,
  };
}

/**
 * Each phase of the lateness (timer-breakdown.ts), and the mean of each phase over the slowest 5 %
 * (close − the armed instant ≥ its p95): where the tail comes from.
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

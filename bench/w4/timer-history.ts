/**
 * What one W4 run's history says about its timer (read after the run, for every instance):
 *  - armedFor: the instant the engine armed the timer for — the arming workflow task's start (the
 *    workflow clock: the workflow computes the working-time instant from it with the pinned calendar)
 *    + the sleep it asked for (startToFireTimeout). Lateness is measured against this instant.
 *  - armedAt: when Temporal started the timer (TimerStarted, written when the arming task completed).
 *  - the intake of the run (request → armed): the start call (request → WorkflowExecutionStarted), the
 *    first workflow task waiting for the worker (scheduled → started) and running (started → completed).
 *  - its cost: workflow tasks, activities, local-activity markers and events of the whole run.
 */
import type { temporal } from '@temporalio/proto';
import { timerBreakdown, tsMs, type TimerBreakdown } from './timer-breakdown';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface TimerRun {
  armedFor: number;
  armedAt: number;
  /** WorkflowExecutionStarted, first workflow task scheduled / started / completed */
  runStarted: number;
  firstTaskScheduled: number;
  firstTaskStarted: number;
  firstTaskCompleted: number;
  firedAt?: number;
  breakdown?: TimerBreakdown;
  cost: { workflowTasks: number; activities: number; markers: number; events: number };
}

const durationMs = (d: { seconds?: unknown; nanos?: number | null }): number => Number(d.seconds ?? 0) * 1000 + (d.nanos ?? 0) / 1e6;

/** undefined when the run never armed a timer (it failed, or the worker has not reached it yet) */
export function timerRun(events: HistoryEvent[], closedAt: number | undefined): TimerRun | undefined {
  const timerAt = events.findIndex((e) => e.timerStartedEventAttributes);
  if (timerAt < 0) return undefined;
  const armTaskStarted = events.slice(0, timerAt).reverse().find((e) => e.workflowTaskStartedEventAttributes);
  const at = (pick: (e: HistoryEvent) => unknown) => tsMs(events.find((e) => pick(e))?.eventTime);
  const fired = events.find((e) => e.timerFiredEventAttributes);
  return {
    armedFor: tsMs(armTaskStarted?.eventTime) + durationMs(events[timerAt].timerStartedEventAttributes!.startToFireTimeout!),
    armedAt: tsMs(events[timerAt].eventTime),
    runStarted: at((e) => e.workflowExecutionStartedEventAttributes),
    firstTaskScheduled: at((e) => e.workflowTaskScheduledEventAttributes),
    firstTaskStarted: at((e) => e.workflowTaskStartedEventAttributes),
    firstTaskCompleted: at((e) => e.workflowTaskCompletedEventAttributes),
    firedAt: fired ? tsMs(fired.eventTime) : undefined,
    breakdown: timerBreakdown(events, closedAt),
    cost: {
      workflowTasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
      activities: events.filter((e) => e.activityTaskScheduledEventAttributes).length,
      markers: events.filter((e) => e.markerRecordedEventAttributes).length,
      events: events.length,
    },
  };
}

/**
 * The start rate the worker absorbed: per `bucketMs` of the run, how many runs were requested and how
 * many had their timer armed, the largest backlog (requested, not yet armed) and the overall rate
 * (armed runs / first request → last arming).
 */
export function intake(requestedAt: number[], armedAt: number[], bucketMs = 10_000) {
  const t0 = Math.min(...requestedAt);
  const armed = [...armedAt].sort((a, b) => a - b);
  const requested = [...requestedAt].sort((a, b) => a - b);
  const end = Math.max(requested[requested.length - 1], armed[armed.length - 1] ?? t0);
  const perBucket: Array<{ s: number; requested: number; armed: number }> = [];
  for (let from = t0; from <= end; from += bucketMs) {
    const inBucket = (xs: number[]) => xs.filter((x) => x >= from && x < from + bucketMs).length;
    perBucket.push({ s: Math.round((from - t0) / 1000), requested: inBucket(requested), armed: inBucket(armed) });
  }
  // backlog at each request and each arming: requests so far − armings so far
  let maxBacklog = 0;
  for (let i = 0, j = 0; i < requested.length; i++) {
    while (j < armed.length && armed[j] <= requested[i]) j++;
    maxBacklog = Math.max(maxBacklog, i + 1 - j);
  }
  const spanS = ((armed[armed.length - 1] ?? t0) - t0) / 1000;
  return {
    armedPerSecond: Math.round((armed.length / Math.max(spanS, 1e-3)) * 10) / 10,
    maxBacklog,
    perBucket,
  };
}

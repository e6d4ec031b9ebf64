/**
 * Where a timer's lateness comes from, read from one run's history (W4 profile). The timer's own
 * instant is the arming workflow task's start (the workflow clock) + the sleep it asked for; the
 * lateness to the close is the sum of:
 *  - armTask: the arming workflow task, started → completed (Temporal starts the timer when the
 *    task completes, so all of it counts: the activation and any local activity in it);
 *  - serverFire: TimerFired − (TimerStarted + startToFireTimeout), the server's own lateness;
 *  - fireQueued: the workflow task after TimerFired, scheduled → started (worker slots, backlog);
 *  - fireTask: that task, started → completed (the engine and any local activity in it);
 *  - afterFireTask: close − that task's completion (more tasks: e.g. a boundary timer's inbox row closed by an activity).
 */
import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface TimerBreakdown {
  armTask: number;
  armTaskMarkers: number;
  serverFire: number;
  fireQueued: number;
  fireTask: number;
  fireTaskMarkers: number;
  afterFireTask: number;
}

export const tsMs = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number => (t ? Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6 : NaN);

const durationMs = (d: { seconds?: unknown; nanos?: number | null }): number => Number(d.seconds ?? 0) * 1000 + (d.nanos ?? 0) / 1e6;

/** markers (local activities) recorded by the workflow task completed at `completedAt` */
function markersOf(events: HistoryEvent[], completedAt: number): number {
  let n = 0;
  for (let k = completedAt + 1; k < events.length && !events[k].workflowTaskScheduledEventAttributes; k++) if (events[k].markerRecordedEventAttributes) n++;
  return n;
}

/** the phases of the first timer of the run, or undefined when it did not fire or the run did not close */
export function timerBreakdown(events: HistoryEvent[], closedAt: number | undefined): TimerBreakdown | undefined {
  const started = events.findIndex((e) => e.timerStartedEventAttributes);
  const fired = events.findIndex((e) => e.timerFiredEventAttributes);
  if (started < 0 || fired < 0 || closedAt === undefined) return undefined;
  const before = events.slice(0, started);
  const armCompleted = before.map((e, k) => (e.workflowTaskCompletedEventAttributes ? k : -1)).filter((k) => k >= 0).pop();
  const armStarted = before.reverse().find((e) => e.workflowTaskStartedEventAttributes);
  const after = events.slice(fired);
  const fireScheduled = after.find((e) => e.workflowTaskScheduledEventAttributes);
  const fireStarted = after.find((e) => e.workflowTaskStartedEventAttributes);
  const fireCompletedAt = events.findIndex((e, k) => k > fired && e.workflowTaskCompletedEventAttributes);
  if (armCompleted === undefined || !armStarted || !fireScheduled || !fireStarted || fireCompletedAt < 0) return undefined;
  const timer = events[started];
  return {
    armTask: tsMs(events[armCompleted].eventTime) - tsMs(armStarted.eventTime),
    armTaskMarkers: markersOf(events, armCompleted),
    serverFire: tsMs(events[fired].eventTime) - tsMs(timer.eventTime) - durationMs(timer.timerStartedEventAttributes!.startToFireTimeout!),
    fireQueued: tsMs(fireStarted.eventTime) - tsMs(fireScheduled.eventTime),
    fireTask: tsMs(events[fireCompletedAt].eventTime) - tsMs(fireStarted.eventTime),
    fireTaskMarkers: markersOf(events, fireCompletedAt),
    afterFireTask: closedAt - tsMs(events[fireCompletedAt].eventTime),
  };
}

/**
 * Timer instants computed inside the workflow sandbox (absolute time only; working time
 * goes through the computeDue activity so the instant is recorded in history). The
 * arithmetic is the calendar library's (pure), so a timer and a task due date computed
 * by the computeDue activity agree on what "P1M" means.
 */
// deep import: the calendar index pulls holiday tables and the lunar calendar, which every
// workflow execution would evaluate again (workflow bundle modules are per execution)
import { addAbsoluteDuration } from '@tthc/calendar/src/compute-due';

/** `from` (ISO instant) + ISO 8601 duration, in absolute (calendar) time */
export function addIsoDuration(from: string, duration: string): string {
  return new Date(addAbsoluteDuration(new Date(from).getTime(), duration)).toISOString();
}

/**
 * Instant of a repeating-interval timer (`R3/PT10M`, `R/2026-01-01T00:00:00Z/P1D`). The engine
 * re-arms a cycle itself after each firing (new timer, `repetition` = firings so far); the
 * adapter waits one period from `startedAt`, except that the first arming of an interval with
 * an explicit start fires at that start.
 */
export function cycleInstant(cycle: string, startedAt: string, repetition: number): string {
  const parts = cycle.trim().split('/');
  if (!/^R\d*$/.test(parts[0] ?? '')) throw new Error(`invalid ISO 8601 repeating interval: ${cycle}`);
  const durationIndex = parts.findIndex((p, i) => i > 0 && p.startsWith('P'));
  if (durationIndex < 0) throw new Error(`repeating interval without a duration: ${cycle}`);
  const start = durationIndex === 2 ? parts[1] : undefined;
  if (start && repetition === 0) return new Date(start).toISOString();
  return addIsoDuration(startedAt, parts[durationIndex]);
}

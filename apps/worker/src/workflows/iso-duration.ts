/**
 * Timer instants computed inside the workflow sandbox (absolute time only; working time
 * goes through the computeDue activity so the instant is recorded in history). The
 * arithmetic is the calendar library's (pure), so a timer and a task due date computed
 * by the computeDue activity agree on what "P1M" means.
 */
import { addAbsoluteDuration } from '@tthc/calendar';

/** `from` (ISO instant) + ISO 8601 duration, in absolute (calendar) time */
export function addIsoDuration(from: string, duration: string): string {
  return new Date(addAbsoluteDuration(new Date(from).getTime(), duration)).toISOString();
}

/**
 * First due instant of an ISO 8601 repeating interval (`R3/PT10M`, `R/2026-01-01T00:00:00Z/P1D`)
 * counted from `startedAt`: the start date when it is still ahead, else start + one period.
 */
export function firstCycleInstant(cycle: string, startedAt: string): string {
  const parts = cycle.trim().split('/');
  if (!/^R\d*$/.test(parts[0] ?? '')) throw new Error(`invalid ISO 8601 repeating interval: ${cycle}`);
  const durationIndex = parts.findIndex((p, i) => i > 0 && p.startsWith('P'));
  if (durationIndex < 0) throw new Error(`repeating interval without a duration: ${cycle}`);
  const start = durationIndex === 2 ? parts[1] : undefined;
  if (start && new Date(start).getTime() >= new Date(startedAt).getTime()) return new Date(start).toISOString();
  return addIsoDuration(start ?? startedAt, parts[durationIndex]);
}

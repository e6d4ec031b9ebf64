import { type ComputeDueRequest, computeDueWith } from './compute-due';
import type { Instant } from './time/instant.util';
import { WorkingCalendar, type WorkingTimeOptions } from './working/working-calendar';

let defaultCalendar: WorkingCalendar | undefined;

/** The calendar with default office hours and the seeded 2025/2026 arrangements (built lazily, cached). */
export function getDefaultCalendar(): WorkingCalendar {
  return (defaultCalendar ??= new WorkingCalendar());
}

export function normalise(instant: Instant, opts?: WorkingTimeOptions): string {
  return getDefaultCalendar().normalise(instant, opts);
}

export function addWorkingTime(start: Instant, duration: string, opts?: WorkingTimeOptions): string {
  return getDefaultCalendar().addWorkingTime(start, duration, opts);
}

export function subtractWorkingTime(end: Instant, duration: string, opts?: WorkingTimeOptions): string {
  return getDefaultCalendar().subtractWorkingTime(end, duration, opts);
}

/** Working time in ms between two instants (negative when b < a). */
export function workingTimeBetween(a: Instant, b: Instant, opts?: WorkingTimeOptions): number {
  return getDefaultCalendar().workingTimeBetween(a, b, opts);
}

export function isWorkingDay(date: string | Instant): boolean {
  return getDefaultCalendar().isWorkingDay(date);
}

/** Due instant (ISO, +07:00) for the worker's computeDue activity; pass a calendar built from the database to honour its overrides. */
export function computeDue(req: ComputeDueRequest, calendar: WorkingCalendar = getDefaultCalendar()): string {
  return computeDueWith(calendar, req);
}

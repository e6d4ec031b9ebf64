import { type Instant, formatInstant, toEpochMs } from '../time/instant.util';
import type { WorkingCalendar } from './working-calendar';

export interface OpenDeadline {
  id: string;
  /** when the working-time budget started (e.g. the task's creation) */
  startedAt: Instant;
  dueAt: Instant;
  agency?: string;
}

export interface DeadlineShift {
  id: string;
  startedAt: string;
  oldDue: string;
  newDue: string;
  moved: boolean;
  /** working-time budget (ms) recovered from the old calendar */
  budgetMs: number;
}

/**
 * What a calendar change does to open deadlines: the working-time budget of each deadline
 * is recovered under the old calendar (working time from its start to its due date) and
 * re-applied under the new one. Assumes the due date was computed from `startedAt` in working time.
 */
export function shiftDeadlines(before: WorkingCalendar, after: WorkingCalendar, deadlines: readonly OpenDeadline[]): DeadlineShift[] {
  return deadlines.map((d) => {
    const start = toEpochMs(d.startedAt);
    const due = toEpochMs(d.dueAt);
    const opts = { agency: d.agency };
    const budgetMs = Math.max(0, before.workingTimeBetweenMs(start, due, opts));
    const newDue = budgetMs > 0 ? after.addWorkingTimeMs(start, budgetMs, opts) : due;
    return { id: d.id, startedAt: formatInstant(start), oldDue: formatInstant(due), newDue: formatInstant(newDue), moved: newDue !== due, budgetMs };
  });
}

import { WORKING_DAY_MS, type WorkingCalendar } from '@tthc/calendar';
import { FINAL_DOSSIER_STATUSES, type ApologyTimer } from '@tthc/contracts';
import type { DossierEntity } from '@tthc/persistence';

/** statuses on which the clock runs towards the due date: received (2) and processing (4); 5 is paused, 9 done */
const CLOCK_RUNNING = new Set([2, 4]);

/**
 * The engine's apology reminder of a dossier (domain.md §3.6: "at least 1 working day before the
 * due date"): `dueAt` − 1 working day on the database calendar (the agency's office hours) — but
 * never more than half of the dossier's statutory working time before it, so a one-day procedure
 * (chứng thực) is reminded 4 working hours before its due date rather than at the very moment it
 * is received. Computed by the activities and returned to the workflow, which arms a timer at
 * `remindAt` (the instant is in history: a calendar change never moves a running timer). None
 * while the clock does not run (not received, paused, finished).
 */
export function apologyTimerOf(d: DossierEntity, cal: WorkingCalendar): ApologyTimer | undefined {
  if (!d.dueAt || d.pausedAt || !CLOCK_RUNNING.has(d.status) || FINAL_DOSSIER_STATUSES.includes(d.status)) return undefined;
  const opts = { agency: d.agency };
  const statutory = d.receivedAt && d.originalDueAt ? cal.workingTimeBetweenMs(d.receivedAt.getTime(), d.originalDueAt.getTime(), opts) : 2 * WORKING_DAY_MS;
  const lead = Math.min(WORKING_DAY_MS, Math.floor(statutory / 2));
  const remindAt = lead > 0 ? cal.subtractWorkingTimeMs(d.dueAt.getTime(), lead, opts) : d.dueAt.getTime();
  return { dueAt: d.dueAt.toISOString(), remindAt: new Date(remindAt).toISOString() };
}

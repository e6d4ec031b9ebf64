/**
 * The working calendar pinned in a run's input (RunProcessInput.calendar, taken by the starter from
 * the database calendar, like the graph): working-time instants are computed here, in the workflow,
 * by the calendar library — the same function the computeDue activity runs — so arming a
 * working-time timer or a due date costs no activity. The snapshot is in history (the input, or the
 * calendarChanged signal that re-pins it), so a replay computes the same instants. Deterministic.
 */
// deep imports: the workflow bundle takes only what computing working time needs
import { calendarFromSnapshot, type CalendarSnapshot } from '@tthc/calendar/src/calendar-snapshot';
import { computeDueWith, type ComputeDueRequest } from '@tthc/calendar/src/compute-due';
import type { WorkingCalendar } from '@tthc/calendar/src/working/working-calendar';

/**
 * Calendars built from snapshots, shared by the runs of this workflow thread (this module is
 * preloaded: bundle-workflows.ts). Building one — and the year tables it computes lazily — cost
 * ≈ 1 ms per run and a few KiB of every cached run's heap, and the runs of an agency pin the same
 * snapshot. A WorkingCalendar is a pure function of its snapshot (its caches only memoise), and the
 * key is the snapshot's whole content: a run gets the same instants whether it builds the calendar
 * or finds it, so this memo is not per-run state and cannot change a replay. A few entries
 * (calendar versions × agencies in use); the oldest goes first.
 */
const SHARED_CALENDARS_MAX = 32;
const sharedCalendars = new Map<string, WorkingCalendar>();

function sharedCalendar(snapshot: CalendarSnapshot): WorkingCalendar {
  const key = JSON.stringify(snapshot);
  let cal = sharedCalendars.get(key);
  if (!cal) {
    cal = calendarFromSnapshot(snapshot);
    if (sharedCalendars.size >= SHARED_CALENDARS_MAX) sharedCalendars.delete(sharedCalendars.keys().next().value as string);
    sharedCalendars.set(key, cal);
  }
  return cal;
}

export class PinnedCalendar {
  private built?: WorkingCalendar;

  constructor(readonly snapshot: CalendarSnapshot) {}

  /** the calendar of the snapshot, at its first use */
  private get calendar(): WorkingCalendar {
    return (this.built ??= sharedCalendar(this.snapshot));
  }

  /** the due instant as the computeDue activity answers it (ISO 8601, UTC); throws CalendarError */
  due(req: ComputeDueRequest): string {
    return new Date(computeDueWith(this.calendar, req)).toISOString();
  }

  /** working time from `from` to `to` (ms) on this calendar */
  workingMsBetween(from: string, to: string): number {
    return this.calendar.workingTimeBetweenMs(new Date(from).getTime(), new Date(to).getTime());
  }

  /** the instant `ms` of working time before `to` on this calendar (ISO 8601, UTC) */
  workingMsBefore(to: string, ms: number): string {
    return new Date(this.calendar.subtractWorkingTimeMs(new Date(to).getTime(), ms)).toISOString();
  }

  /** after a calendar change: the changed snapshot when it is for the same agency, else none (computeDue activities) */
  repinned(next: CalendarSnapshot | undefined): PinnedCalendar | undefined {
    return next && next.agency === this.snapshot.agency ? new PinnedCalendar(next) : undefined;
  }
}

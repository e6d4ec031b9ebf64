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

export class PinnedCalendar {
  private built?: WorkingCalendar;

  constructor(readonly snapshot: CalendarSnapshot) {}

  /** the calendar built from the snapshot, once, at its first use */
  private get calendar(): WorkingCalendar {
    return (this.built ??= calendarFromSnapshot(this.snapshot));
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

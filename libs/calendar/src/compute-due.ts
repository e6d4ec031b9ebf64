import { CalendarError, CalendarErrorCode } from './errors/calendar-error';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, VN_OFFSET_MS, civilFromDays, daysFromCivil, daysInMonth } from './time/civil-date.util';
import { assertInRange, formatInstant, toEpochMs } from './time/instant.util';
import { parseIsoDuration } from './time/iso-duration.util';
import type { WorkingCalendar } from './working/working-calendar';

export interface ComputeDueRequest {
  from: string;
  /** ISO 8601 duration */
  duration: string;
  calendar: 'working' | 'absolute';
  agency?: string;
  cutoff?: string;
}

/**
 * Adds a calendar (absolute) duration in Asia/Ho_Chi_Minh: years and months move the local
 * date (clamped to the month's end, like Java's Period), days/weeks are local days, the time part is elapsed time.
 */
export function addAbsoluteDuration(fromMs: number, duration: string): number {
  const d = parseIsoDuration(duration);
  if (!Number.isInteger(d.years) || !Number.isInteger(d.months)) {
    throw new CalendarError(CalendarErrorCode.INVALID_DURATION, `fractional years/months are not supported: ${duration}`, { input: duration });
  }
  const local = fromMs + VN_OFFSET_MS;
  const day = Math.floor(local / MS_PER_DAY);
  const tod = local - day * MS_PER_DAY;
  const c = civilFromDays(day);
  const monthIndex = c.year * 12 + (c.month - 1) + d.years * 12 + d.months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const dayOfMonth = Math.min(c.day, daysInMonth(year, month));
  const base = daysFromCivil(year, month, dayOfMonth) * MS_PER_DAY + tod - VN_OFFSET_MS;
  const elapsed = (d.weeks * 7 + d.days) * MS_PER_DAY + d.hours * MS_PER_HOUR + d.minutes * MS_PER_MINUTE + d.seconds * 1000;
  return assertInRange(Math.round(base + elapsed), duration);
}

/** What the worker's `computeDue` activity calls: the due instant as ISO 8601 with +07:00. */
export function computeDueWith(cal: WorkingCalendar, req: ComputeDueRequest): string {
  const from = toEpochMs(req.from);
  switch (req.calendar) {
    case 'working':
      return formatInstant(cal.addWorkingTimeMs(from, cal.durationMs(req.duration), { agency: req.agency, cutoff: req.cutoff }));
    case 'absolute':
      return formatInstant(addAbsoluteDuration(from, req.duration));
    default:
      throw new CalendarError(CalendarErrorCode.INVALID_DURATION, `unknown calendar ${JSON.stringify((req as { calendar: unknown }).calendar)}`);
  }
}

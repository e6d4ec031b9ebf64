import { CalendarError, CalendarErrorCode } from '../errors/calendar-error';
import { MS_PER_DAY } from '../time/civil-date.util';
import { formatTimeOfDay, parseTimeOfDay } from '../time/instant.util';

export interface OfficeHoursInput {
  /** sessions of a working day in local time, e.g. [{ start: '07:30', end: '11:30' }, { start: '13:00', end: '17:00' }] */
  sessions: Array<{ start: string; end: string }>;
}

export const DEFAULT_OFFICE_HOURS: OfficeHoursInput = {
  sessions: [
    { start: '07:30', end: '11:30' },
    { start: '13:00', end: '17:00' },
  ],
};

/** Office hours compiled to milliseconds after local midnight, with cumulative working time per session. */
export interface OfficeHours {
  starts: number[];
  ends: number[];
  /** working time before each session starts */
  before: number[];
  /** working time of one full working day */
  dayLength: number;
  input: OfficeHoursInput;
}

export function compileOfficeHours(input: OfficeHoursInput, label = 'office hours'): OfficeHours {
  const sessions = input?.sessions;
  if (!Array.isArray(sessions) || sessions.length === 0) {
    throw new CalendarError(CalendarErrorCode.INVALID_OFFICE_HOURS, `${label}: at least one session is required`);
  }
  const starts: number[] = [];
  const ends: number[] = [];
  const before: number[] = [];
  let total = 0;
  let lastEnd = -1;
  for (const s of sessions) {
    const start = parseTimeOfDay(s.start);
    const end = parseTimeOfDay(s.end);
    if (end <= start || start < lastEnd || end > MS_PER_DAY) {
      throw new CalendarError(
        CalendarErrorCode.INVALID_OFFICE_HOURS,
        `${label}: sessions must be ordered, non-overlapping and end after they start (${s.start}–${s.end})`,
        { sessions },
      );
    }
    starts.push(start);
    ends.push(end);
    before.push(total);
    total += end - start;
    lastEnd = end;
  }
  return { starts, ends, before, dayLength: total, input: { sessions: sessions.map((s) => ({ start: formatTimeOfDay(parseTimeOfDay(s.start)), end: formatTimeOfDay(parseTimeOfDay(s.end)) })) } };
}

/** Working time elapsed on a working day before the local time `tod`. */
export function workedBefore(hours: OfficeHours, tod: number): number {
  const { starts, ends, before } = hours;
  for (let i = starts.length - 1; i >= 0; i--) {
    if (tod > starts[i]) return before[i] + Math.min(tod, ends[i]) - starts[i];
  }
  return 0;
}

/** Local time at which `offset` ∈ (0, dayLength] of working time has elapsed (a session end on a boundary). */
export function timeAtOffset(hours: OfficeHours, offset: number): number {
  const { starts, ends, before } = hours;
  for (let i = 0; i < starts.length; i++) {
    if (offset <= before[i] + ends[i] - starts[i]) return starts[i] + offset - before[i];
  }
  return ends[ends.length - 1];
}

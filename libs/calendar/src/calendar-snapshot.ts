import { type CalendarOverride, type DayKind, DAY_KINDS } from './holidays/day-override';
import { PUBLISHED_YEARS, type PublishedYear } from './holidays/published-arrangements';
import type { OfficeHoursInput } from './working/office-hours';
import { WorkingCalendar } from './working/working-calendar';

/**
 * A working calendar pinned in a workflow's input (like its graph): what computing working time for
 * one agency needs, small enough for every start. Reasons and legal references are left out — they
 * never move an instant. Pure data (JSON), so a workflow computes due instants from it without an
 * activity, and a replay computes the same ones.
 */
export interface CalendarSnapshot {
  /** fingerprint of the calendar tables it was taken from (CalendarChangedArgs.calendarVersion) */
  version: string;
  /** the agency whose office hours it carries (absent: the national default hours) */
  agency?: string;
  /** the office hours that apply to the agency; absent: the default hours (07:30–11:30, 13:00–17:00) */
  officeHours?: OfficeHoursInput;
  /** published year arrangements: year → `YYYY-MM-DD:kind` */
  published: Record<string, string[]>;
  /** admin overrides: `YYYY-MM-DD:kind` */
  overrides: string[];
}

const PINNED = 'pinned calendar snapshot';

const compact = (o: CalendarOverride) => `${o.date}:${o.kind}`;

function expand(day: string): CalendarOverride {
  const [date, kind] = day.split(':');
  if (!DAY_KINDS.includes(kind as DayKind)) throw new Error(`invalid day in a calendar snapshot: ${day}`);
  return { date, kind: kind as DayKind, reason: PINNED, legalReference: PINNED };
}

/** The snapshot of `cal` (a calendar built from the database) for `agency`. */
export function calendarSnapshot(cal: WorkingCalendar, version: string, agency?: string): CalendarSnapshot {
  const { publishedYears = PUBLISHED_YEARS, overrides = [], agencies = {} } = cal.options;
  const hours = (agency ? agencies[agency] : undefined) ?? cal.options.officeHours;
  return {
    version,
    ...(agency ? { agency } : {}),
    ...(hours ? { officeHours: { sessions: hours.sessions.map(({ start, end }) => ({ start, end })) } } : {}),
    published: Object.fromEntries(publishedYears.map((py) => [String(py.year), py.days.map(compact)])),
    overrides: overrides.map(compact),
  };
}

/**
 * The working calendar of a snapshot: the same instants as the calendar it was taken from, for the
 * snapshot's agency — whatever agency is asked for, the snapshot's office hours apply.
 */
export function calendarFromSnapshot(s: CalendarSnapshot): WorkingCalendar {
  const publishedYears: PublishedYear[] = Object.entries(s.published).map(([year, days]) => ({ year: Number(year), legalReference: PINNED, days: days.map(expand) }));
  return new WorkingCalendar({
    publishedYears,
    overrides: s.overrides.map(expand),
    ...(s.officeHours ? { officeHours: s.officeHours } : {}),
    unknownAgency: 'default',
  });
}

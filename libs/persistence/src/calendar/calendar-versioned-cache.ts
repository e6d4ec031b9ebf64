import { type CalendarSnapshot, type WorkingCalendar, calendarSnapshot } from '@tthc/calendar';
import { pinsCalendar, type RunProcessInput } from '@tthc/contracts';
import type { DataSource } from 'typeorm';
import type { CalendarCache } from './calendar-cache';
import { loadWorkingCalendar } from './calendar.store';

/**
 * A fingerprint of the calendar tables: row counts and the latest write time of each. Every
 * change the store makes (override added/removed, year published or replaced, office hours
 * set) changes it: additions raise a count and the latest time, removals lower a count, and
 * replacements re-insert rows with a new time. One indexed-free query over three small tables.
 */
export async function calendarVersion(ds: DataSource): Promise<string> {
  const [row] = (await ds.query(
    `SELECT (SELECT COUNT(*) FROM calendar_days) AS d, (SELECT MAX(created_at) FROM calendar_days) AS dm,
            (SELECT COUNT(*) FROM calendar_years) AS y, (SELECT MAX(updated_at) FROM calendar_years) AS ym,
            (SELECT COUNT(*) FROM calendar_office_hours) AS h, (SELECT MAX(updated_at) FROM calendar_office_hours) AS hm`,
  )) as Record<string, unknown>[];
  const stamp = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ''));
  return [row.d, stamp(row.dm), row.y, stamp(row.ym), row.h, stamp(row.hm)].map(String).join('|');
}

export interface VersionedCalendarCacheOptions {
  /** how often the fingerprint is read at most (0 = on every get); default 2000 ms */
  checkEveryMs?: number;
  now?: () => number;
}

/**
 * The database calendar, reloaded only when the tables changed: for processes that did not make
 * the change themselves (the worker's computeDue activity, a second API replica). A change is
 * seen at the latest `checkEveryMs` later; reading the fingerprint is one small query, while a
 * reload rebuilds the year tables (see docs/calendar.md for the measurements).
 */
export interface VersionedCalendarCache extends CalendarCache {
  /** the calendar of that fingerprint or a later one: a cache holding another version reads the tables again now */
  getVersion(version: string): Promise<WorkingCalendar>;
  /** the current calendar for one agency, to pin in a workflow's input (RunProcessInput.calendar) */
  snapshot(agency?: string): Promise<CalendarSnapshot>;
  /** what every starter of a run (API, worker, harness) puts in its input: the run's agency calendar when it counts working time, else nothing */
  pinFor(input: Pick<RunProcessInput, 'graph' | 'agency' | 'dossierId'>): Promise<Pick<RunProcessInput, 'calendar'>>;
}

export function createVersionedCalendarCache(ds: DataSource, options: VersionedCalendarCacheOptions = {}): VersionedCalendarCache {
  const checkEveryMs = options.checkEveryMs ?? 2000;
  const now = options.now ?? Date.now;
  let loaded: { cal: Promise<WorkingCalendar>; version: string } | null = null;
  let checked: { at: number; version: Promise<string> } | null = null;
  const versions = new WeakMap<WorkingCalendar, string>();

  const reload = (version: string) => {
    const entry = { cal: loadWorkingCalendar(ds).then((cal) => (versions.set(cal, version), cal)), version };
    loaded = entry;
    entry.cal.catch(() => {
      if (loaded === entry) loaded = null;
    });
    return entry.cal;
  };

  return {
    async getVersion(version: string) {
      if (loaded && loaded.version === version) return loaded.cal;
      checked = null;
      return this.get();
    },
    async get() {
      const t = now();
      if (!checked || t - checked.at >= checkEveryMs) {
        const entry = { at: t, version: calendarVersion(ds) };
        checked = entry;
        entry.version.catch(() => {
          if (checked === entry) checked = null;
        });
      }
      const version = await checked.version;
      if (loaded && loaded.version === version) return loaded.cal;
      return reload(version);
    },
    async snapshot(agency?: string) {
      const cal = await this.get();
      return calendarSnapshot(cal, versions.get(cal) ?? '', agency);
    },
    async pinFor(input) {
      if (!pinsCalendar(input)) return {};
      return { calendar: await this.snapshot(input.agency ?? input.graph.tthc?.agency) };
    },
    invalidate() {
      loaded = null;
      checked = null;
    },
  };
}

import type { WorkingCalendar } from '@tthc/calendar';
import type { DataSource } from 'typeorm';
import { loadWorkingCalendar } from './calendar.store';

export interface CalendarCache {
  /** the database calendar, reloaded when older than `maxAgeMs` or after `invalidate()` */
  get(): Promise<WorkingCalendar>;
  invalidate(): void;
}

/**
 * A process-local cache of the database calendar for the API and the worker's computeDue
 * activity: year tables stay warm between calls, and a change made by another process is
 * seen within `maxAgeMs` (the process that makes a change calls `invalidate()`).
 */
export function createCalendarCache(ds: DataSource, maxAgeMs = 60_000, now: () => number = Date.now): CalendarCache {
  let cached: { cal: Promise<WorkingCalendar>; at: number } | null = null;
  return {
    get() {
      const t = now();
      if (!cached || t - cached.at > maxAgeMs) {
        const entry = { cal: loadWorkingCalendar(ds), at: t };
        cached = entry;
        entry.cal.catch(() => {
          if (cached === entry) cached = null;
        });
      }
      return cached.cal;
    },
    invalidate() {
      cached = null;
    },
  };
}

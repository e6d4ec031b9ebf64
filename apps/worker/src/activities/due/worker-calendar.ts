import type { WorkingCalendar } from '@tthc/calendar';
import type { RunProcessInput } from '@tthc/contracts';
import { createVersionedCalendarCache, seedPublishedCalendarYears } from '@tthc/persistence';
import type { DataSource } from 'typeorm';

/** how often a worker looks whether the calendar tables changed (one small query; a reload only when they did) */
export const CALENDAR_CHECK_EVERY_MS = 1000;

/** The worker's view of the DATABASE calendar (published years, admin overrides, agency office hours). */
export interface WorkerCalendar {
  /** the calendar now, or of that fingerprint or a later one */
  get(version?: string): Promise<WorkingCalendar>;
  /** for a run the worker starts (a thrown message / signal): the calendar to pin in its input, as the API pins it */
  pinFor(input: Pick<RunProcessInput, 'graph' | 'agency' | 'dossierId'>): Promise<Pick<RunProcessInput, 'calendar'>>;
}

/**
 * One cache per worker, shared by computeDue, the dossier activities and the starts of thrown
 * events; a change made through the API is seen at most `checkEveryMs` later. The library's
 * published years are seeded first (idempotent, as the API does at start-up), so a worker that
 * starts before the API still counts the official arrangements.
 */
export function workerCalendar(ds: DataSource, checkEveryMs = CALENDAR_CHECK_EVERY_MS): WorkerCalendar {
  const cache = createVersionedCalendarCache(ds, { checkEveryMs });
  let seeded: Promise<unknown> | undefined;
  const ready = () =>
    (seeded ??= seedPublishedCalendarYears(ds).catch((err: unknown) => {
      seeded = undefined;
      throw err;
    }));
  return {
    async get(version) {
      await ready();
      return version ? cache.getVersion(version) : cache.get();
    },
    async pinFor(input) {
      await ready();
      return cache.pinFor(input);
    },
  };
}

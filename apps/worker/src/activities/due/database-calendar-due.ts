import { ApplicationFailure } from '@temporalio/common';
import { CalendarError, computeDueWith } from '@tthc/calendar';
import { createVersionedCalendarCache, seedPublishedCalendarYears } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import type { DueCalculator } from './compute-due';

/** how often a worker looks whether the calendar tables changed (one small query; a reload only when they did) */
export const CALENDAR_CHECK_EVERY_MS = 1000;

/**
 * The worker's calendar port over the DATABASE calendar: published years, admin overrides and
 * per-agency office hours, as the API edits them. One cache per worker; a change made through
 * the API is seen by due dates computed at most `checkEveryMs` later. The library's published
 * years are seeded first (idempotent, as the API does at start-up), so a worker that starts before
 * the API still counts the official arrangements. Agencies without configured hours work the
 * default hours (the database calendar's `unknownAgency: 'default'`). A calendar error that
 * retrying cannot fix (bad duration, out of range) is non-retryable.
 */
export function databaseCalendarDue(ds: DataSource, checkEveryMs = CALENDAR_CHECK_EVERY_MS): DueCalculator {
  const cache = createVersionedCalendarCache(ds, { checkEveryMs });
  let seeded: Promise<unknown> | undefined;
  return async (input) => {
    seeded ??= seedPublishedCalendarYears(ds).catch((err: unknown) => {
      seeded = undefined;
      throw err;
    });
    await seeded;
    const cal = input.calendarVersion ? await cache.getVersion(input.calendarVersion) : await cache.get();
    try {
      return computeDueWith(cal, input);
    } catch (err) {
      if (err instanceof CalendarError) throw ApplicationFailure.nonRetryable(err.message, err.code);
      throw err;
    }
  };
}

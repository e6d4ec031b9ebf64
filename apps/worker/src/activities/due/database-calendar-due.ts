import { ApplicationFailure } from '@temporalio/common';
import { CalendarError, computeDueWith } from '@tthc/calendar';
import type { DueCalculator } from './compute-due';
import type { WorkerCalendar } from './worker-calendar';


/**
 * The worker's calendar port over the DATABASE calendar (worker-calendar.ts). Agencies without
 * configured hours work the default hours (the database calendar's `unknownAgency: 'default'`).
 * A calendar error that retrying cannot fix (bad duration, out of range) is non-retryable.
 */
export function databaseCalendarDue(calendar: WorkerCalendar): DueCalculator {
  return async (input) => {
    const cal = await calendar.get(input.calendarVersion);
    try {
      return computeDueWith(cal, input);
    } catch (err) {
      if (err instanceof CalendarError) throw ApplicationFailure.nonRetryable(err.message, err.code);
      throw err;
    }
  };
}

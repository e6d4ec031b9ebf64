import { ApplicationFailure } from '@temporalio/common';
import type { ComputeDueInput } from '@tthc/contracts';
import { CalendarError, computeDue } from '@tthc/calendar';

/** the calendar port: due instant of `from` + an ISO duration, in working or absolute time */
export type DueCalculator = (input: ComputeDueInput) => string | Promise<string>;

/**
 * The Vietnamese working calendar (statutory holidays, office hours, agency overrides).
 * An agency without its own office hours counts the national ones; any other calendar
 * error (bad duration, out of range) cannot be fixed by retrying → non-retryable.
 */
export const vietnameseCalendarDue: DueCalculator = (input) => {
  try {
    try {
      return computeDue(input);
    } catch (err) {
      if (input.agency && err instanceof CalendarError && err.code === 'CALENDAR_UNKNOWN_AGENCY') return computeDue({ ...input, agency: undefined });
      throw err;
    }
  } catch (err) {
    if (err instanceof CalendarError) throw ApplicationFailure.nonRetryable(err.message, err.code);
    throw err;
  }
};

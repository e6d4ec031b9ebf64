import { CalendarErrorCode, isCalendarError } from '@tthc/calendar';
import type { ErrorCode } from '@tthc/contracts';
import { ApiError } from '../common/errors/api-error';

/** Calendar errors keep their own code (e.g. CALENDAR_INVALID_DURATION); overlapping overrides are a 409 conflict. */
export function toApiError(err: unknown): unknown {
  if (!isCalendarError(err)) return err;
  const status = err.code === CalendarErrorCode.OVERLAPPING_OVERRIDES ? 409 : 400;
  return new ApiError(err.code as unknown as ErrorCode, err.message, err.details, status);
}

export async function mapCalendarErrors<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toApiError(err);
  }
}

/** Error codes of the working calendar; the API maps them to HTTP 400/409 once. */
export const CalendarErrorCode = {
  INVALID_DURATION: 'CALENDAR_INVALID_DURATION',
  INVALID_INSTANT: 'CALENDAR_INVALID_INSTANT',
  DATE_OUT_OF_RANGE: 'CALENDAR_DATE_OUT_OF_RANGE',
  INVALID_OFFICE_HOURS: 'CALENDAR_INVALID_OFFICE_HOURS',
  INVALID_CUTOFF: 'CALENDAR_INVALID_CUTOFF',
  UNKNOWN_AGENCY: 'CALENDAR_UNKNOWN_AGENCY',
  INVALID_OVERRIDE: 'CALENDAR_INVALID_OVERRIDE',
  OVERLAPPING_OVERRIDES: 'CALENDAR_OVERLAPPING_OVERRIDES',
  OVERRIDE_WITHOUT_REASON: 'CALENDAR_OVERRIDE_WITHOUT_REASON',
  OVERRIDE_WITHOUT_LEGAL_REFERENCE: 'CALENDAR_OVERRIDE_WITHOUT_LEGAL_REFERENCE',
  INVALID_LUNAR_DATE: 'CALENDAR_INVALID_LUNAR_DATE',
  INVALID_CLOCK_STATE: 'CALENDAR_INVALID_CLOCK_STATE',
} as const;
export type CalendarErrorCode = (typeof CalendarErrorCode)[keyof typeof CalendarErrorCode];

export class CalendarError extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}

export function isCalendarError(err: unknown): err is CalendarError {
  return err instanceof CalendarError;
}

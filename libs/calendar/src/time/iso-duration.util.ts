import { CalendarError, CalendarErrorCode } from '../errors/calendar-error';
import { MS_PER_HOUR, MS_PER_MINUTE } from './civil-date.util';

/** Components of an ISO 8601 duration (`PnYnMnWnDTnHnMnS`), all ≥ 0. */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** One working day is 8 working hours (QĐ 188/1999), so `P1D` of working time is `PT8H`. */
export const WORKING_DAY_MS = 8 * MS_PER_HOUR;
/** A working week is 5 working days. */
export const WORKING_WEEK_MS = 5 * WORKING_DAY_MS;

const NUM = '(\\d+(?:[.,]\\d+)?)';
const ISO_DURATION = new RegExp(`^P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`);

function bad(text: unknown, why: string): CalendarError {
  return new CalendarError(CalendarErrorCode.INVALID_DURATION, `invalid ISO 8601 duration ${JSON.stringify(text)}: ${why}`, {
    input: String(text),
  });
}

export function parseIsoDuration(text: string): IsoDuration {
  if (typeof text !== 'string') throw bad(text, 'not a string');
  const t = text.trim().toUpperCase();
  const m = ISO_DURATION.exec(t);
  if (!m || t === 'P' || t.endsWith('T')) throw bad(text, 'expected e.g. P15D, PT8H, P1DT4H');
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i].replace(',', '.')));
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** Working time of a duration in milliseconds (D = 8 h, W = 5 D). Years and months have no working length. */
export function workingDurationMs(text: string): number {
  const d = parseIsoDuration(text);
  if (d.years || d.months) throw bad(text, 'years and months have no fixed working-time length; use days (P1D = 8 working hours)');
  return Math.round(d.weeks * WORKING_WEEK_MS + d.days * WORKING_DAY_MS + d.hours * MS_PER_HOUR + d.minutes * MS_PER_MINUTE + d.seconds * 1000);
}

/** Formats working time as an ISO duration with 8-hour days, e.g. 8.5 h → `P1DT30M`. */
export function formatWorkingDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms));
  const days = Math.floor(rest / WORKING_DAY_MS);
  rest -= days * WORKING_DAY_MS;
  const h = Math.floor(rest / MS_PER_HOUR);
  rest -= h * MS_PER_HOUR;
  const mi = Math.floor(rest / MS_PER_MINUTE);
  rest -= mi * MS_PER_MINUTE;
  const s = rest / 1000;
  const time = `${h ? h + 'H' : ''}${mi ? mi + 'M' : ''}${s ? s + 'S' : ''}`;
  if (!days && !time) return 'PT0S';
  return `${sign}P${days ? days + 'D' : ''}${time ? 'T' + time : ''}`;
}

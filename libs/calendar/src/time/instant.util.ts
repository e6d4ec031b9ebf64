import { CalendarError, CalendarErrorCode } from '../errors/calendar-error';
import {
  MAX_YEAR, MIN_YEAR, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, VN_OFFSET_MS,
  civilFromDays, daysFromCivil, daysInMonth,
} from './civil-date.util';

/** An instant: epoch milliseconds, a Date, or an ISO 8601 string (no offset = Asia/Ho_Chi_Minh local time). */
export type Instant = number | Date | string;

/** First and last representable instants: 1900-01-01T00:00+07:00 … 2100-12-31T24:00+07:00 (exclusive). */
export const MIN_INSTANT_MS = daysFromCivil(MIN_YEAR, 1, 1) * MS_PER_DAY - VN_OFFSET_MS;
export const MAX_INSTANT_MS = daysFromCivil(MAX_YEAR + 1, 1, 1) * MS_PER_DAY - VN_OFFSET_MS;

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

function invalid(input: unknown, why: string): CalendarError {
  return new CalendarError(CalendarErrorCode.INVALID_INSTANT, `invalid instant ${JSON.stringify(String(input))}: ${why}`, {
    input: String(input),
  });
}

export function assertInRange(ms: number, input: unknown = ms): number {
  if (ms < MIN_INSTANT_MS || ms >= MAX_INSTANT_MS) {
    throw new CalendarError(
      CalendarErrorCode.DATE_OUT_OF_RANGE,
      `${String(input)} is outside the supported calendar range ${MIN_YEAR}–${MAX_YEAR}`,
      { input: String(input) },
    );
  }
  return ms;
}

/** Parses an ISO 8601 date-time with our own regex (Date.parse would read offset-less strings in the host time zone). */
export function parseIsoInstant(text: string): number {
  const m = ISO_INSTANT.exec(text.trim());
  if (!m) throw invalid(text, 'expected YYYY-MM-DD[THH:MM[:SS[.sss]]][Z|±HH:MM]');
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (month < 1 || month > 12) throw invalid(text, 'month out of range');
  if (day < 1 || day > daysInMonth(year, month)) throw invalid(text, 'day out of range');
  if (hour > 24 || minute > 59 || second > 59 || (hour === 24 && (minute || second || millis))) {
    throw invalid(text, 'time out of range');
  }
  let offset = VN_OFFSET_MS;
  const z = m[8];
  if (z && z !== 'Z' && z !== 'z') {
    const sign = z[0] === '-' ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || 0);
    if (oh > 14 || om > 59) throw invalid(text, 'offset out of range');
    offset = sign * (oh * MS_PER_HOUR + om * MS_PER_MINUTE);
  } else if (z) {
    offset = 0;
  }
  const local = daysFromCivil(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000 + millis;
  return assertInRange(local - offset, text);
}

export function toEpochMs(instant: Instant): number {
  if (typeof instant === 'number') {
    if (!Number.isFinite(instant)) throw invalid(instant, 'not a finite number');
    return assertInRange(Math.floor(instant), instant);
  }
  if (instant instanceof Date) {
    const ms = instant.getTime();
    if (Number.isNaN(ms)) throw invalid(instant, 'invalid Date');
    return assertInRange(ms, instant.toISOString());
  }
  if (typeof instant === 'string') return parseIsoInstant(instant);
  throw invalid(instant, 'expected an ISO string, a Date or epoch milliseconds');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 in Asia/Ho_Chi_Minh, e.g. `2025-04-26T17:00:00+07:00` (milliseconds only when non-zero). */
export function formatInstant(ms: number): string {
  const local = ms + VN_OFFSET_MS;
  const days = Math.floor(local / MS_PER_DAY);
  let rest = local - days * MS_PER_DAY;
  const c = civilFromDays(days);
  const h = Math.floor(rest / MS_PER_HOUR);
  rest -= h * MS_PER_HOUR;
  const mi = Math.floor(rest / MS_PER_MINUTE);
  rest -= mi * MS_PER_MINUTE;
  const s = Math.floor(rest / 1000);
  const frac = rest - s * 1000;
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}T${pad(h)}:${pad(mi)}:${pad(s)}${frac ? '.' + pad(frac, 3) : ''}+07:00`;
}

/** `YYYY-MM-DD` → day number (days since 1970-01-01), validated and range-checked. */
export function parseIsoDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text).trim());
  if (!m) throw invalid(text, 'expected YYYY-MM-DD');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw invalid(text, 'no such date');
  if (y < MIN_YEAR || y > MAX_YEAR) {
    throw new CalendarError(CalendarErrorCode.DATE_OUT_OF_RANGE, `${text} is outside ${MIN_YEAR}–${MAX_YEAR}`, { input: text });
  }
  return daysFromCivil(y, mo, d);
}

/** `HH:MM` → milliseconds after local midnight (00:00–24:00). */
export function parseTimeOfDay(text: string, code: CalendarErrorCode = CalendarErrorCode.INVALID_OFFICE_HOURS): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(String(text).trim());
  const h = m ? Number(m[1]) : NaN;
  const mi = m ? Number(m[2]) : NaN;
  if (!m || h > 24 || mi > 59 || (h === 24 && mi > 0)) {
    throw new CalendarError(code, `invalid time of day ${JSON.stringify(text)} (expected HH:MM)`, { input: text });
  }
  return h * MS_PER_HOUR + mi * MS_PER_MINUTE;
}

export function formatTimeOfDay(ms: number): string {
  return `${pad(Math.floor(ms / MS_PER_HOUR))}:${pad(Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE))}`;
}

/**
 * ISO 8601 durations counted in working time, converted to working hours.
 * One working day is 8 working hours (QĐ 188/1999), one working week 5 working days.
 * Months and years have no fixed working length, so they are rejected.
 *
 * Hand-written because the lint only needs this conversion (no instants, no calendar);
 * the working calendar itself lives in @tthc/calendar.
 */
export const WORKING_HOURS_PER_DAY = 8;
const HOURS_PER_WEEK = 5 * WORKING_HOURS_PER_DAY;

const NUM = '(\\d+(?:[.,]\\d+)?)';
const ISO_DURATION = new RegExp(`^P(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`);

/** Working hours of a duration such as `PT8H`, `P1D` (= 8h), `P1W` (= 40h); `null` if not parseable. */
export function workingHoursOf(duration: string | undefined | null): number | null {
  if (duration == null) return null;
  const text = unquote(duration);
  if (text === 'P' || text.endsWith('T')) return null;
  const m = ISO_DURATION.exec(text);
  if (!m) return null;
  const [w, d, h, min, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v.replace(',', '.'))));
  return w * HOURS_PER_WEEK + d * WORKING_HOURS_PER_DAY + h + min / 60 + s / 3600;
}

/** Accepts a literal or a FEEL string literal: `PT8H`, `=PT8H`, `="PT8H"`, `=duration("PT8H")`. */
function unquote(raw: string): string {
  let t = raw.trim();
  if (t.startsWith('=')) t = t.slice(1).trim();
  const call = /^duration\((.*)\)$/.exec(t);
  if (call) t = call[1].trim();
  if (t.length >= 2 && (t.startsWith('"') || t.startsWith("'")) && t.endsWith(t[0])) t = t.slice(1, -1);
  return t.toUpperCase();
}

/** Human form of working hours for messages: `P14D (112h working time)`, or `PT4H`. */
export function formatWorkingHours(hours: number, lang: 'en' | 'vi' = 'en'): string {
  const days = hours / WORKING_HOURS_PER_DAY;
  if (!Number.isInteger(days)) return `PT${round(hours)}H`;
  return lang === 'vi' ? `P${days}D (${hours} giờ làm việc)` : `P${days}D (${hours}h working time)`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

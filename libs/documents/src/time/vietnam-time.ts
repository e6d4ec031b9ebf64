/**
 * Dates on the forms are written in Vietnam time (Asia/Ho_Chi_Minh, UTC+7, no DST) whatever
 * the time zone of the process, the way officials write them.
 */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface VietnamDateParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: VIETNAM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function vietnamDateParts(d: Date): VietnamDateParts {
  const parts = Object.fromEntries(formatter.formatToParts(d).map((p) => [p.type, p.value]));
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

/** `2025-06-30`: the calendar day in Vietnam (used to pick the template in force). */
export function vietnamIsoDate(d: Date): string {
  const p = vietnamDateParts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `30/06/2025` */
export function formatDate(d: Date): string {
  const p = vietnamDateParts(d);
  return `${p.day}/${p.month}/${p.year}`;
}

/** `ngày 30 tháng 06 năm 2025` */
export function formatLongDate(d: Date): string {
  const p = vietnamDateParts(d);
  return `ngày ${p.day} tháng ${p.month} năm ${p.year}`;
}

/** `10 giờ 05 phút, ngày 30 tháng 06 năm 2025` */
export function formatTimeAndDate(d: Date): string {
  const p = vietnamDateParts(d);
  return `${p.hour} giờ ${p.minute} phút, ${formatLongDate(d)}`;
}

/** `10:05 30/06/2025` (compact, for table cells) */
export function formatShortDateTime(d: Date): string {
  const p = vietnamDateParts(d);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** The place and date line: `Hưng Yên, ngày 30 tháng 06 năm 2025` */
export function placeAndDate(place: string, d: Date): string {
  return `${place}, ${formatLongDate(d)}`;
}

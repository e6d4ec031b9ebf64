/**
 * Vietnamese lunar calendar after Hồ Ngọc Đức's published algorithm ("Âm lịch Việt
 * Nam", astronomical new moons and solar terms from Meeus), evaluated for UTC+7.
 * Written here, typed, rather than depending on `amlich`: the package is untyped ESM
 * and we need the time-zone parameter for tests only. Never use a Chinese-calendar
 * library: with UTC+8 new moons near midnight fall on another day (Tết 1985, 2007, 2030).
 */
import { CalendarError, CalendarErrorCode } from '../errors/calendar-error';
import { JDN_EPOCH, MAX_YEAR, MIN_YEAR, civilFromDays, daysFromCivil } from '../time/civil-date.util';
import { parseIsoDate } from '../time/instant.util';

export const VIETNAM_TIME_ZONE = 7;

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  /** tháng nhuận */
  leap: boolean;
}

const PI = Math.PI;
const DR = PI / 180;
const INT = Math.floor;

/** Julian day of the k-th new moon after 1900-01-01 (fractional, UT). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DR);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * DR) + 0.0021 * Math.sin(2 * DR * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * DR) + 0.0161 * Math.sin(DR * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(DR * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(DR * 2 * F) - 0.0051 * Math.sin(DR * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(DR * (M - Mpr)) + 0.0004 * Math.sin(DR * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(DR * (2 * F - M)) - 0.0006 * Math.sin(DR * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(DR * (2 * F - Mpr)) + 0.0005 * Math.sin(DR * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + C1 - deltaT;
}

/** Sun's ecliptic longitude (radians, [0, 2π)) at a Julian day. */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DR * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(DR * 2 * M) + 0.00029 * Math.sin(DR * 3 * M);
  let L = (L0 + DL) * DR;
  L = L - PI * 2 * INT(L / (PI * 2));
  return L;
}

/** Solar-term sector (0–11) at local midnight starting the given day. */
function sunLongitudeSector(dayNumber: number, tz: number): number {
  return INT((sunLongitude(dayNumber - 0.5 - tz / 24) / PI) * 6);
}

function newMoonDay(k: number, tz: number): number {
  return INT(newMoon(k) + 0.5 + tz / 24);
}

/** Julian day number of the start of lunar month 11 (the month containing the winter solstice) of year `yy`. */
function lunarMonth11(yy: number, tz: number): number {
  const off = jdnOf(yy, 12, 31) - 2415021;
  const k = INT(off / 29.530588853);
  let nm = newMoonDay(k, tz);
  if (sunLongitudeSector(nm, tz) >= 9) nm = newMoonDay(k - 1, tz);
  return nm;
}

/** Index (after month 11) of the leap month: the first month without a major solar term. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i, tz), tz);
  do {
    last = arc;
    i++;
    arc = sunLongitudeSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

function jdnOf(y: number, m: number, d: number): number {
  return daysFromCivil(y, m, d) + JDN_EPOCH;
}

/** Lunar date of a solar day number (days since 1970-01-01). */
export function lunarFromDays(days: number, tz = VIETNAM_TIME_ZONE): LunarDate {
  const dayNumber = days + JDN_EPOCH;
  const yy = civilFromDays(days).year;
  const k = INT((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = newMoonDay(k + 1, tz);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, tz);
  let a11 = lunarMonth11(yy, tz);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = lunarMonth11(yy - 1, tz);
  } else {
    lunarYear = yy + 1;
    b11 = lunarMonth11(yy + 1, tz);
  }
  const day = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { day, month, year: lunarYear, leap };
}

/** Solar day number of a lunar date; throws when the lunar date does not exist (e.g. day 30 of a 29-day month). */
export function daysFromLunar(lunar: LunarDate, tz = VIETNAM_TIME_ZONE): number {
  const { day, month, year, leap } = lunar;
  const badDate = (why: string) =>
    new CalendarError(CalendarErrorCode.INVALID_LUNAR_DATE, `no lunar date ${day}/${month}${leap ? ' (nhuận)' : ''}/${year}: ${why}`, {
      lunar,
    });
  if (![day, month, year].every(Number.isInteger) || month < 1 || month > 12 || day < 1 || day > 30) {
    throw badDate('day must be 1–30 and month 1–12');
  }
  // lunar year 1899 ends in January 1900; the solar result is range-checked below
  if (year < MIN_YEAR - 1 || year > MAX_YEAR) {
    throw new CalendarError(CalendarErrorCode.DATE_OUT_OF_RANGE, `lunar year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}`, { lunar });
  }
  const [a11, b11] = month < 11 ? [lunarMonth11(year - 1, tz), lunarMonth11(year, tz)] : [lunarMonth11(year, tz), lunarMonth11(year + 1, tz)];
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) throw badDate(`month ${month} is not a leap month in ${year}`);
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw badDate(`${year} has no leap month`);
  }
  const jd = newMoonDay(k + off, tz) + day - 1;
  const days = jd - JDN_EPOCH;
  if (days < daysFromCivil(MIN_YEAR, 1, 1) || days > daysFromCivil(MAX_YEAR, 12, 31)) {
    throw new CalendarError(CalendarErrorCode.DATE_OUT_OF_RANGE, `lunar date ${day}/${month}/${year} falls outside ${MIN_YEAR}–${MAX_YEAR}`, { lunar });
  }
  // The published algorithm silently rolls day 30 of a 29-day month into the next month: check by round trip.
  const back = lunarFromDays(days, tz);
  if (back.day !== day || back.month !== month || back.leap !== leap) throw badDate('the month has only 29 days');
  return days;
}

/** `YYYY-MM-DD` (solar) → lunar date. */
export function solarToLunar(isoDate: string): LunarDate {
  return lunarFromDays(parseIsoDate(isoDate));
}

/** Lunar date → `YYYY-MM-DD` (solar). */
export function lunarToSolar(lunar: LunarDate): string {
  const c = civilFromDays(daysFromLunar(lunar));
  return `${String(c.year).padStart(4, '0')}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
}

const CAN = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'];
const CHI = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'];

/** Sexagenary name of a lunar year, e.g. 2025 → "Ất Tỵ". */
export function lunarYearName(year: number): string {
  return `${CAN[(((year + 6) % 10) + 10) % 10]} ${CHI[(((year + 8) % 12) + 12) % 12]}`;
}

import { daysFromLunar } from '../lunar/lunar-calendar';
import { daysFromCivil, formatDate, isWeekend, weekdayOfDays } from '../time/civil-date.util';
import type { DayEntry } from './day-override';

export const LABOUR_CODE = 'BLLĐ 2019 Đ112';

interface Holiday {
  days: number;
  reason: string;
  legalReference: string;
}

/**
 * The day adjacent to 2/9 (BLLĐ 2019: "ngày 02/9 và 01 ngày liền kề trước hoặc sau").
 * The government picks it each year; by default we take the one that joins a weekend,
 * as in 2021–2025 (Mon → 3/9, Tue → 1/9, Thu → 3/9, Fri → 1/9, Sat → 1/9). For Wednesday we
 * take 1/9 (the 2026 proposal) and for Sunday 3/9.
 */
function nationalDayAdjacent(year: number): number {
  const d = daysFromCivil(year, 9, 2);
  const wd = weekdayOfDays(d);
  const after = wd === 1 || wd === 4 || wd === 0;
  return after ? d + 1 : d - 1;
}

/** Statutory holidays of a solar year under the current Labour Code (applied to every year 1900–2100). */
export function statutoryHolidays(year: number): Holiday[] {
  const law = LABOUR_CODE;
  const list: Holiday[] = [{ days: daysFromCivil(year, 1, 1), reason: 'Tết Dương lịch (1/1)', legalReference: law }];
  // Tết Nguyên đán, 5 days: the last day of the lunar year and mùng 1–4 (the arrangement the
  // government most often publishes, e.g. 2026; a published year table overrides it).
  const tet = daysFromLunar({ day: 1, month: 1, year, leap: false });
  list.push({ days: tet - 1, reason: 'Tết Nguyên đán (ngày cuối năm âm lịch)', legalReference: law });
  for (let i = 0; i < 4; i++) list.push({ days: tet + i, reason: `Tết Nguyên đán (mùng ${i + 1})`, legalReference: law });
  list.push({
    days: daysFromLunar({ day: 10, month: 3, year, leap: false }),
    reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
    legalReference: law,
  });
  list.push({ days: daysFromCivil(year, 4, 30), reason: 'Ngày Chiến thắng (30/4)', legalReference: law });
  list.push({ days: daysFromCivil(year, 5, 1), reason: 'Ngày Quốc tế Lao động (1/5)', legalReference: law });
  const national = daysFromCivil(year, 9, 2);
  const adjacent = nationalDayAdjacent(year);
  list.push({ days: national, reason: 'Quốc khánh (2/9)', legalReference: law });
  list.push({ days: adjacent, reason: 'Quốc khánh (ngày liền kề 2/9)', legalReference: law });
  if (year >= 2026) {
    list.push({ days: daysFromCivil(year, 11, 24), reason: 'Ngày Văn hóa Việt Nam (24/11)', legalReference: 'Ngày Văn hóa Việt Nam, nghỉ lễ từ 2026 [S: verify the text]' });
  }
  return list.sort((a, b) => a.days - b.days);
}

/** Computed default table of a year: statutory holidays plus a make-up day for each holiday on a weekend. */
export function computedYearEntries(year: number): DayEntry[] {
  const holidays = statutoryHolidays(year);
  const taken = new Set(holidays.map((h) => h.days));
  const entries: DayEntry[] = holidays.map((h) => ({
    date: formatDate(h.days),
    days: h.days,
    kind: 'holiday',
    reason: h.reason,
    legalReference: h.legalReference,
    source: 'statutory',
  }));
  for (const h of holidays) {
    if (!isWeekend(h.days)) continue;
    let d = h.days + 1;
    while (isWeekend(d) || taken.has(d)) d++;
    taken.add(d);
    entries.push({
      date: formatDate(d),
      days: d,
      kind: 'make-up',
      reason: `Nghỉ bù ${h.reason} — ${formatDate(h.days)} rơi vào ${weekdayOfDays(h.days) === 6 ? 'thứ Bảy' : 'Chủ nhật'}`,
      legalReference: 'BLLĐ 2019 Đ111 khoản 3',
      source: 'statutory',
    });
  }
  return entries.sort((a, b) => a.days - b.days);
}

import { CalendarErrorCode, lunarToSolar, lunarYearName, solarToLunar } from '..';
import { daysFromLunar } from '../lunar/lunar-calendar';
import { formatDate } from '../time/civil-date.util';

const tet = (year: number) => lunarToSolar({ day: 1, month: 1, year, leap: false });
const gioTo = (year: number) => lunarToSolar({ day: 10, month: 3, year, leap: false });

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it.each([
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2030, '2030-02-02'],
    [1985, '1985-01-21'],
    [2007, '2007-02-17'],
  ])('Tết %i falls on %s', (year, date) => {
    expect(tet(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it.each([
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ])('Giỗ Tổ Hùng Vương %i falls on %s', (year, date) => {
    expect(gioTo(year)).toBe(date);
  });

  it.each([
    [1985, '1985-01-21', '1985-02-20'],
    [2007, '2007-02-17', '2007-02-18'],
    [2030, '2030-02-02', '2030-02-03'],
  ])('Tết %i differs from the Chinese (UTC+8) calendar: VN %s, CN %s', (year, vn, cn) => {
    const lunarNewYear = { day: 1, month: 1, year, leap: false };
    expect(formatDate(daysFromLunar(lunarNewYear, 7))).toBe(vn);
    expect(formatDate(daysFromLunar(lunarNewYear, 8))).toBe(cn);
  });

  it('knows leap months (2023 has a leap 2nd month) and the last day of the lunar year', () => {
    expect(solarToLunar('2023-03-22')).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(solarToLunar('2023-04-20')).toEqual({ day: 1, month: 3, year: 2023, leap: false });
    expect(lunarToSolar({ day: 1, month: 2, year: 2023, leap: true })).toBe('2023-03-22');
    expect(solarToLunar('2025-01-28')).toEqual({ day: 29, month: 12, year: 2024, leap: false });
  });

  it('round-trips days of 1900–2100 (sampled every 97 days, plus both ends)', () => {
    expect(solarToLunar('1900-01-01')).toEqual({ day: 1, month: 12, year: 1899, leap: false });
    expect(lunarToSolar(solarToLunar('2100-12-31'))).toBe('2100-12-31');
    for (let d = Date.UTC(1900, 0, 1) / 86_400_000; d <= Date.UTC(2100, 11, 31) / 86_400_000; d += 97) {
      const date = formatDate(d);
      expect(lunarToSolar(solarToLunar(date))).toBe(date);
    }
  });

  it('rejects lunar dates that do not exist', () => {
    expect(() => lunarToSolar({ day: 1, month: 5, year: 2025, leap: true })).toThrow(
      expect.objectContaining({ code: CalendarErrorCode.INVALID_LUNAR_DATE }),
    );
    expect(() => lunarToSolar({ day: 31, month: 1, year: 2025, leap: false })).toThrow(
      expect.objectContaining({ code: CalendarErrorCode.INVALID_LUNAR_DATE }),
    );
    // lunar month 12 of Giáp Thìn (2024) has 29 days
    expect(() => lunarToSolar({ day: 30, month: 12, year: 2024, leap: false })).toThrow(
      expect.objectContaining({ code: CalendarErrorCode.INVALID_LUNAR_DATE }),
    );
    expect(() => solarToLunar('1899-12-31')).toThrow(expect.objectContaining({ code: CalendarErrorCode.DATE_OUT_OF_RANGE }));
    expect(() => lunarToSolar({ day: 1, month: 11, year: 1898, leap: false })).toThrow(expect.objectContaining({ code: CalendarErrorCode.DATE_OUT_OF_RANGE }));
    expect(() => lunarToSolar({ day: 2, month: 12, year: 2100, leap: false })).toThrow(expect.objectContaining({ code: CalendarErrorCode.DATE_OUT_OF_RANGE }));
  });

  it('names lunar years', () => {
    expect(lunarYearName(2025)).toBe('Ất Tỵ');
    expect(lunarYearName(2026)).toBe('Bính Ngọ');
  });
});

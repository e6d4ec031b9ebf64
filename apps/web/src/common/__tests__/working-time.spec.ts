import { vi } from '../../i18n/vi';
import { dueLevel, formatWorkingAmount, formatWorkingTime } from '../working-time';

// the Vietnamese dictionary, as the app fills it in
const t = (key: keyof typeof vi, params?: Record<string, string | number>) =>
  vi[key].replace(/\{(\w+)\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m));
const HOUR = 3600_000;

describe('working time as a clerk reads it', () => {
  it('says what is left in working days (8 h) and hours, minutes only in the last hour', () => {
    expect(formatWorkingTime(3 * HOUR, t)).toBe('còn 3 giờ làm việc');
    expect(formatWorkingTime(8 * HOUR, t)).toBe('còn 1 ngày làm việc');
    expect(formatWorkingTime(19 * HOUR + 20 * 60_000, t)).toBe('còn 2 ngày 3 giờ làm việc');
    expect(formatWorkingTime(25 * 60_000, t)).toBe('còn 25 phút làm việc');
  });

  it('says by how much a task is overdue', () => {
    expect(formatWorkingTime(-8 * HOUR, t)).toBe('quá hạn 1 ngày');
    expect(formatWorkingTime(-2 * HOUR, t)).toBe('quá hạn 2 giờ');
    expect(formatWorkingAmount(-(8 + 4) * HOUR, t)).toBe('1 ngày 4 giờ');
  });

  it('grades the urgency of a due date', () => {
    expect(dueLevel(null)).toBeNull();
    expect(dueLevel(-1)).toBe('overdue');
    expect(dueLevel(30 * 60_000)).toBe('urgent');
    expect(dueLevel(5 * HOUR)).toBe('soon');
    expect(dueLevel(9 * HOUR)).toBe('ok');
  });
});

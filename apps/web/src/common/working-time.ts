import type { Translate } from '../i18n/i18n-context';

/** Working time left (or overdue) as a clerk says it: "còn 3 giờ làm việc", "quá hạn 1 ngày". */
const HOUR = 3600_000;
/** a working day is 8 office hours (libs/calendar WORKING_DAY_MS) */
const DAY = 8 * HOUR;

export interface WorkingTimeParts {
  overdue: boolean;
  days: number;
  hours: number;
  minutes: number;
}

export function workingTimeParts(ms: number): WorkingTimeParts {
  const overdue = ms < 0;
  let rest = Math.abs(ms);
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  // minutes only matter within the last hour
  const minutes = days === 0 && hours === 0 ? Math.max(1, Math.round(rest / 60_000)) : 0;
  return { overdue, days, hours, minutes };
}

/** below one working hour left the row is urgent; below one working day it is "due soon" */
export function dueLevel(ms: number | null | undefined): 'overdue' | 'urgent' | 'soon' | 'ok' | null {
  if (ms == null) return null;
  if (ms < 0) return 'overdue';
  if (ms < HOUR) return 'urgent';
  if (ms < DAY) return 'soon';
  return 'ok';
}

export function formatWorkingTime(ms: number, t: Translate): string {
  const amount = formatWorkingAmount(ms, t);
  return ms < 0 ? t('due.overdueBy', { amount }) : t('due.left', { amount });
}

/** "2 ngày 3 giờ" of working time (sign ignored) */
export function formatWorkingAmount(ms: number, t: Translate): string {
  const p = workingTimeParts(ms);
  const pieces = [
    p.days ? t('due.days', { n: p.days }) : '',
    p.hours ? t('due.hours', { n: p.hours }) : '',
    p.minutes ? t('due.minutes', { n: p.minutes }) : '',
  ].filter(Boolean);
  return pieces.join(' ');
}

import { daysFromCivil, isWeekend } from '../time/civil-date.util';
import { type DayEntry, isWorkingKind } from '../holidays/day-override';

/**
 * Working-day table of one solar year, built once and cached: which days are worked,
 * how many working days precede each day (prefix sums) and the list of working days,
 * so that "+ n working days" is a table lookup, not a loop over days.
 */
export interface YearTable {
  year: number;
  /** day number of 1 January */
  firstDay: number;
  length: number;
  /** 1 = working day */
  working: Uint8Array;
  /** prefix[i] = working days strictly before day i of the year; prefix[length] = count */
  prefix: Int32Array;
  /** day-of-year offsets of the working days, in order */
  workingDays: Int32Array;
  count: number;
  /** entries that differ from a plain Monday–Friday week (holidays, make-up, swaps), by day-of-year */
  entries: Map<number, DayEntry>;
  published: boolean;
}

export function buildYearTable(year: number, entries: readonly DayEntry[], published: boolean): YearTable {
  const firstDay = daysFromCivil(year, 1, 1);
  const length = daysFromCivil(year + 1, 1, 1) - firstDay;
  const working = new Uint8Array(length);
  const byOffset = new Map<number, DayEntry>();
  for (const e of entries) byOffset.set(e.days - firstDay, e);
  for (let i = 0; i < length; i++) {
    const e = byOffset.get(i);
    working[i] = e ? (isWorkingKind(e.kind) ? 1 : 0) : isWeekend(firstDay + i) ? 0 : 1;
  }
  const prefix = new Int32Array(length + 1);
  for (let i = 0; i < length; i++) prefix[i + 1] = prefix[i] + working[i];
  const count = prefix[length];
  const workingDays = new Int32Array(count);
  for (let i = 0, k = 0; i < length; i++) if (working[i]) workingDays[k++] = i;
  return { year, firstDay, length, working, prefix, workingDays, count, entries: byOffset, published };
}

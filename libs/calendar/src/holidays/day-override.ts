import { CalendarError, CalendarErrorCode } from '../errors/calendar-error';
import { isWeekend } from '../time/civil-date.util';
import { parseIsoDate } from '../time/instant.util';

/**
 * Kinds of day in a year's table:
 * - `holiday`: statutory holiday (BLLĐ 2019 Đ112) — a day off;
 * - `make-up`: nghỉ bù, a working day off because a holiday fell on a weekend;
 * - `swap-off`: a working day given off in exchange for a worked weekend day (hoán đổi);
 * - `swap-workday`: a weekend day that is worked (làm bù).
 */
export type DayKind = 'holiday' | 'make-up' | 'swap-off' | 'swap-workday';
export const DAY_KINDS: readonly DayKind[] = ['holiday', 'make-up', 'swap-off', 'swap-workday'];

export interface CalendarOverride {
  /** local date `YYYY-MM-DD` */
  date: string;
  kind: DayKind;
  reason: string;
  /** the legal text that sets this day, e.g. "BLLĐ 2019 Đ112" or the year's Thông báo */
  legalReference: string;
}

/** Source of a day entry: computed from the law, a published year arrangement, or an admin override. */
export type DaySource = 'statutory' | 'published' | 'override';

export interface DayEntry extends CalendarOverride {
  /** day number (days since 1970-01-01) */
  days: number;
  source: DaySource;
}

export function isWorkingKind(kind: DayKind): boolean {
  return kind === 'swap-workday';
}

/** Validates overrides: known kind, real date in range, a reason and a legal reference, at most one per date. */
export function validateOverrides(overrides: readonly CalendarOverride[], label = 'override'): DayEntry[] {
  const seen = new Map<number, CalendarOverride>();
  return overrides.map((o) => {
    if (!o || !DAY_KINDS.includes(o.kind)) {
      throw new CalendarError(CalendarErrorCode.INVALID_OVERRIDE, `${label} for ${o?.date}: kind must be one of ${DAY_KINDS.join(', ')}`, {
        override: o,
      });
    }
    const days = parseIsoDate(o.date);
    if (typeof o.reason !== 'string' || !o.reason.trim()) {
      throw new CalendarError(CalendarErrorCode.OVERRIDE_WITHOUT_REASON, `${label} for ${o.date} has no reason`, { override: o });
    }
    if (typeof o.legalReference !== 'string' || !o.legalReference.trim()) {
      throw new CalendarError(CalendarErrorCode.OVERRIDE_WITHOUT_LEGAL_REFERENCE, `${label} for ${o.date} has no legal reference`, {
        override: o,
      });
    }
    if (o.kind === 'swap-workday' && !isWeekend(days)) {
      throw new CalendarError(CalendarErrorCode.INVALID_OVERRIDE, `${label} for ${o.date}: a swap-workday must be a Saturday or Sunday`, {
        override: o,
      });
    }
    const prev = seen.get(days);
    if (prev) {
      throw new CalendarError(
        CalendarErrorCode.OVERLAPPING_OVERRIDES,
        `two ${label}s for ${o.date}: "${prev.kind}: ${prev.reason}" and "${o.kind}: ${o.reason}"`,
        { date: o.date, overrides: [prev, o] },
      );
    }
    seen.set(days, o);
    return { ...o, date: o.date.trim(), reason: o.reason.trim(), legalReference: o.legalReference.trim(), days, source: 'override' as DaySource };
  });
}

import { CalendarError, CalendarErrorCode } from '../errors/calendar-error';
import { type CalendarOverride, type DayEntry, type DayKind, validateOverrides } from '../holidays/day-override';
import { PUBLISHED_YEARS, type PublishedYear } from '../holidays/published-arrangements';
import { computedYearEntries } from '../holidays/statutory-holidays';
import { MAX_YEAR, MIN_YEAR, MS_PER_DAY, VN_OFFSET_MS, WEEKDAY_NAMES, formatDate, weekdayOfDays, yearOfDays } from '../time/civil-date.util';
import { type Instant, assertInRange, formatInstant, parseIsoDate, parseTimeOfDay, toEpochMs } from '../time/instant.util';
import { workingDurationMs } from '../time/iso-duration.util';
import { DEFAULT_OFFICE_HOURS, type OfficeHours, type OfficeHoursInput, compileOfficeHours, timeAtOffset, workedBefore } from './office-hours';
import { type YearTable, buildYearTable } from './year-table';

export interface WorkingCalendarOptions {
  /** default office hours (07:30–11:30, 13:00–17:00) */
  officeHours?: OfficeHoursInput;
  /** office hours per agency code */
  agencies?: Record<string, OfficeHoursInput>;
  /** published year arrangements; default: the seeded 2025 and 2026 tables */
  publishedYears?: readonly PublishedYear[];
  /** admin overrides, applied on top of computed or published years (one per date) */
  overrides?: readonly CalendarOverride[];
  /** an agency without configured office hours: 'error' (default, CALENDAR_UNKNOWN_AGENCY) or 'default' hours */
  unknownAgency?: 'error' | 'default';
}

export interface WorkingTimeOptions {
  /** agency code whose office hours apply */
  agency?: string;
  /** `HH:MM`: a start after this local time counts from the next working day (ND 23/2015 Đ7) */
  cutoff?: string;
}

export interface DayInfo {
  date: string;
  weekday: (typeof WEEKDAY_NAMES)[number];
  working: boolean;
  kind: DayKind | 'weekend' | 'workday';
  reason?: string;
  legalReference?: string;
  source?: DayEntry['source'];
}

export interface YearInfo {
  year: number;
  published: boolean;
  legalReference?: string;
  workingDays: number;
  /** every day that differs from a plain Monday–Friday week: holidays, make-up, swaps */
  days: DayInfo[];
}

interface Located {
  table: YearTable;
  off: number;
  tod: number;
}

/**
 * A Vietnamese working calendar: immutable, built from the law, the published year
 * arrangements and admin overrides. Year tables are computed lazily and cached, so every
 * operation is O(1) per year crossed. All arithmetic is on epoch ms + 7 h; no Date, no host time zone.
 */
export class WorkingCalendar {
  private readonly tables: Array<YearTable | undefined> = new Array(MAX_YEAR - MIN_YEAR + 1);
  private readonly published = new Map<number, { meta: PublishedYear; entries: DayEntry[] }>();
  private readonly overridesByYear = new Map<number, DayEntry[]>();
  private readonly defaultHours: OfficeHours;
  private readonly agencyHours = new Map<string, OfficeHours>();
  private readonly durationCache = new Map<string, number>();
  private readonly cutoffCache = new Map<string, number>();

  constructor(readonly options: WorkingCalendarOptions = {}) {
    this.defaultHours = compileOfficeHours(options.officeHours ?? DEFAULT_OFFICE_HOURS, 'default office hours');
    for (const [code, hours] of Object.entries(options.agencies ?? {})) {
      this.agencyHours.set(code, compileOfficeHours(hours, `office hours of ${code}`));
    }
    for (const py of options.publishedYears ?? PUBLISHED_YEARS) {
      const entries = validateOverrides(py.days, `published day of ${py.year}`).map((e) => ({ ...e, source: 'published' as const }));
      const stray = entries.find((e) => yearOfDays(e.days) !== py.year);
      if (stray) throw new CalendarError(CalendarErrorCode.INVALID_OVERRIDE, `published ${py.year} table contains ${stray.date}`);
      this.published.set(py.year, { meta: py, entries });
    }
    for (const o of validateOverrides(options.overrides ?? [])) {
      const y = yearOfDays(o.days);
      this.overridesByYear.set(y, [...(this.overridesByYear.get(y) ?? []), o]);
    }
  }

  /** A new calendar with more overrides (the original is unchanged). */
  withOverrides(overrides: readonly CalendarOverride[]): WorkingCalendar {
    return new WorkingCalendar({ ...this.options, overrides: [...(this.options.overrides ?? []), ...overrides] });
  }

  yearTable(year: number): YearTable {
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new CalendarError(CalendarErrorCode.DATE_OUT_OF_RANGE, `year ${year} is outside the supported range ${MIN_YEAR}–${MAX_YEAR}`, {
        year,
      });
    }
    const cached = this.tables[year - MIN_YEAR];
    if (cached) return cached;
    const pub = this.published.get(year);
    const base = pub ? pub.entries : computedYearEntries(year);
    const byDay = new Map<number, DayEntry>(base.map((e) => [e.days, e]));
    for (const o of this.overridesByYear.get(year) ?? []) byDay.set(o.days, o);
    const table = buildYearTable(year, [...byDay.values()], !!pub);
    this.tables[year - MIN_YEAR] = table;
    return table;
  }

  officeHours(agency?: string): OfficeHours {
    if (agency === undefined || agency === '') return this.defaultHours;
    const hours = this.agencyHours.get(agency);
    if (!hours && this.options.unknownAgency === 'default') return this.defaultHours;
    if (!hours) throw new CalendarError(CalendarErrorCode.UNKNOWN_AGENCY, `no office hours configured for agency ${JSON.stringify(agency)}`, { agency });
    return hours;
  }

  hasAgency(agency: string): boolean {
    return this.agencyHours.has(agency);
  }

  // ---- days ---------------------------------------------------------------

  isWorkingDay(date: string | Instant): boolean {
    const days = this.dayNumberOf(date);
    const table = this.yearTable(yearOfDays(days));
    return table.working[days - table.firstDay] === 1;
  }

  dayInfo(date: string | Instant): DayInfo {
    return this.describe(this.dayNumberOf(date));
  }

  year(year: number): YearInfo {
    const table = this.yearTable(year);
    const days = [...table.entries.keys()].sort((a, b) => a - b).map((off) => this.describe(table.firstDay + off));
    const pub = this.published.get(year);
    return { year, published: table.published, legalReference: pub?.meta.legalReference, workingDays: table.count, days };
  }

  // ---- working time (epoch ms) ---------------------------------------------

  /** Before opening → opening; lunch → afternoon start; after closing or a day off → next working morning. */
  normaliseMs(ms: number, opts: WorkingTimeOptions = {}): number {
    const hours = this.officeHours(opts.agency);
    const cutoff = opts.cutoff === undefined ? undefined : this.cutoffMs(opts.cutoff);
    const { table, off, tod } = this.locate(ms);
    if (table.working[off]) {
      for (let i = 0; i < hours.starts.length; i++) {
        if (tod < hours.ends[i]) {
          const t = Math.max(tod, hours.starts[i]);
          if (cutoff !== undefined && t > cutoff) break;
          return ms - tod + t;
        }
      }
    }
    return this.instantAt(table, table.prefix[off] + table.working[off], hours.starts[0]);
  }

  /** The earliest instant at which `durationMs` of working time has elapsed since `ms` (normalised, after the cut-off). */
  addWorkingTimeMs(ms: number, durationMs: number, opts: WorkingTimeOptions = {}): number {
    if (durationMs < 0) return this.subtractWorkingTimeMs(ms, -durationMs, opts);
    const start = opts.cutoff === undefined ? ms : this.normaliseMs(ms, opts);
    if (durationMs === 0) return this.normaliseMs(start, opts);
    const hours = this.officeHours(opts.agency);
    const { table, pos } = this.position(start, hours);
    return this.fromPosition(table, pos + durationMs, hours);
  }

  /** The earliest instant from which `durationMs` of working time remains until `ms` (e.g. due − 1 working day). */
  subtractWorkingTimeMs(ms: number, durationMs: number, opts: WorkingTimeOptions = {}): number {
    if (durationMs < 0) return this.addWorkingTimeMs(ms, -durationMs, opts);
    if (durationMs === 0) return ms;
    const hours = this.officeHours(opts.agency);
    const { table, pos } = this.position(ms, hours);
    return this.fromPosition(table, pos - durationMs, hours);
  }

  /** Working time in [a, b) (negative when b < a). */
  workingTimeBetweenMs(a: number, b: number, opts: WorkingTimeOptions = {}): number {
    if (b < a) return -this.workingTimeBetweenMs(b, a, opts);
    const hours = this.officeHours(opts.agency);
    const pa = this.position(a, hours);
    const pb = this.position(b, hours);
    let total = pb.pos - pa.pos;
    for (let y = pa.table.year; y < pb.table.year; y++) total += this.yearTable(y).count * hours.dayLength;
    return total;
  }

  /** True when `ms` lies within office hours (session start ≤ t ≤ session end) of a working day. */
  isWorkingInstant(ms: number, opts: WorkingTimeOptions = {}): boolean {
    const hours = this.officeHours(opts.agency);
    const { table, off, tod } = this.locate(ms);
    if (!table.working[off]) return false;
    return hours.starts.some((s, i) => tod >= s && tod <= hours.ends[i]);
  }

  // ---- ISO wrappers ----------------------------------------------------------

  normalise(instant: Instant, opts: WorkingTimeOptions = {}): string {
    return formatInstant(this.normaliseMs(toEpochMs(instant), opts));
  }

  addWorkingTime(start: Instant, duration: string, opts: WorkingTimeOptions = {}): string {
    return formatInstant(this.addWorkingTimeMs(toEpochMs(start), this.durationMs(duration), opts));
  }

  subtractWorkingTime(end: Instant, duration: string, opts: WorkingTimeOptions = {}): string {
    return formatInstant(this.subtractWorkingTimeMs(toEpochMs(end), this.durationMs(duration), opts));
  }

  workingTimeBetween(a: Instant, b: Instant, opts: WorkingTimeOptions = {}): number {
    return this.workingTimeBetweenMs(toEpochMs(a), toEpochMs(b), opts);
  }

  /** Working time of an ISO duration in ms (P1D = PT8H); parsed once and cached. */
  durationMs(duration: string): number {
    let ms = this.durationCache.get(duration);
    if (ms === undefined) {
      ms = workingDurationMs(duration);
      if (this.durationCache.size > 1000) this.durationCache.clear();
      this.durationCache.set(duration, ms);
    }
    return ms;
  }

  // ---- internals ---------------------------------------------------------------

  private cutoffMs(cutoff: string): number {
    let ms = this.cutoffCache.get(cutoff);
    if (ms === undefined) {
      ms = parseTimeOfDay(cutoff, CalendarErrorCode.INVALID_CUTOFF);
      if (this.cutoffCache.size > 100) this.cutoffCache.clear();
      this.cutoffCache.set(cutoff, ms);
    }
    return ms;
  }

  private dayNumberOf(date: string | Instant): number {
    if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date.trim())) return parseIsoDate(date);
    return Math.floor((toEpochMs(date) + VN_OFFSET_MS) / MS_PER_DAY);
  }

  private describe(days: number): DayInfo {
    const table = this.yearTable(yearOfDays(days));
    const off = days - table.firstDay;
    const entry = table.entries.get(off);
    const working = table.working[off] === 1;
    const wd = weekdayOfDays(days);
    const base: DayInfo = { date: formatDate(days), weekday: WEEKDAY_NAMES[wd], working, kind: working ? 'workday' : 'weekend' };
    if (!entry) return base;
    return { ...base, kind: entry.kind, reason: entry.reason, legalReference: entry.legalReference, source: entry.source };
  }

  private locate(ms: number): Located {
    assertInRange(ms);
    const local = ms + VN_OFFSET_MS;
    const days = Math.floor(local / MS_PER_DAY);
    const table = this.yearTable(yearOfDays(days));
    return { table, off: days - table.firstDay, tod: local - days * MS_PER_DAY };
  }

  /** Working time from the start of the instant's year up to the instant. */
  private position(ms: number, hours: OfficeHours): { table: YearTable; pos: number } {
    const { table, off, tod } = this.locate(ms);
    return { table, pos: table.prefix[off] * hours.dayLength + (table.working[off] ? workedBefore(hours, tod) : 0) };
  }

  /** The earliest instant at a working-time position (relative to the start of `table`'s year; may spill into other years). */
  private fromPosition(table: YearTable, pos: number, hours: OfficeHours): number {
    const L = hours.dayLength;
    const k = Math.ceil(pos / L) - 1;
    return this.instantAt(table, k, timeAtOffset(hours, pos - k * L));
  }

  /** Instant at local time `tod` on the k-th working day (0-based) counted from the start of `table`'s year. */
  private instantAt(table: YearTable, k: number, tod: number): number {
    let t = table;
    while (k < 0) {
      t = this.yearTable(t.year - 1);
      k += t.count;
    }
    while (k >= t.count) {
      k -= t.count;
      t = this.yearTable(t.year + 1);
    }
    return (t.firstDay + t.workingDays[k]) * MS_PER_DAY + tod - VN_OFFSET_MS;
  }
}

import {
  type CalendarOverride, CalendarError, type OpenDeadline, CalendarErrorCode, type DayKind, type OfficeHoursInput, PUBLISHED_YEARS, type PublishedYear,
  WorkingCalendar, type WorkingCalendarOptions, validateOverrides,
} from '@tthc/calendar';
import { type DataSource, type EntityManager, IsNull, Not } from 'typeorm';
import { appendAuditIn } from '../audit/audit.store';
import { insertRow } from '../common/insert-row.util';
import { inTransaction } from '../common/transaction.util';
import { isUniqueViolation } from '../definitions/definition.store';
import { TaskEntity } from '../tasks/task.entity';
import { CalendarDayEntity } from './calendar-day.entity';
import { CalendarOfficeHoursEntity } from './calendar-office-hours.entity';
import { CalendarYearEntity } from './calendar-year.entity';

const toOverride = (d: CalendarDayEntity): CalendarOverride => ({
  date: d.date,
  kind: d.kind as DayKind,
  reason: d.reason,
  legalReference: d.legalReference,
});

async function insertPublishedYear(m: EntityManager, py: PublishedYear, actor: string, at: Date): Promise<void> {
  await m.getRepository(CalendarYearEntity).insert({ year: py.year, legalReference: py.legalReference, note: py.note ?? null, updatedBy: actor, updatedAt: at });
  const rows = py.days.map((d) => ({ ...d, source: 'published' as const, year: py.year, createdBy: actor, createdAt: at }));
  if (rows.length) await m.getRepository(CalendarDayEntity).insert(rows.map(insertRow));
}

function validatePublishedYear(py: PublishedYear): void {
  // the library checks kinds, dates, reasons, legal references, duplicates and that every day is in the year
  new WorkingCalendar({ publishedYears: [py] });
}

/** Inserts the library's seeded published years (2025, 2026…) that the database does not have yet; returns the years added. */
export async function seedPublishedCalendarYears(ds: DataSource, years: readonly PublishedYear[] = PUBLISHED_YEARS, actor = 'system'): Promise<number[]> {
  const added: number[] = [];
  for (const py of years) {
    validatePublishedYear(py);
    try {
      const inserted = await inTransaction(ds, async (m) => {
        if (await m.getRepository(CalendarYearEntity).existsBy({ year: py.year })) return false;
        await insertPublishedYear(m, py, actor, new Date());
        return true;
      });
      if (inserted) added.push(py.year);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // another process seeded the same year concurrently
    }
  }
  return added;
}

/** Options for `new WorkingCalendar(...)` from the database: published years, overrides and agency office hours. */
export async function loadCalendarOptions(ds: DataSource): Promise<WorkingCalendarOptions> {
  const [years, days, hours] = await Promise.all([
    ds.getRepository(CalendarYearEntity).find({ order: { year: 'ASC' } }),
    ds.getRepository(CalendarDayEntity).find({ order: { date: 'ASC' } }),
    ds.getRepository(CalendarOfficeHoursEntity).find(),
  ]);
  const publishedYears: PublishedYear[] = years.map((y) => ({
    year: y.year,
    legalReference: y.legalReference,
    ...(y.note ? { note: y.note } : {}),
    days: days.filter((d) => d.source === 'published' && d.year === y.year).map(toOverride),
  }));
  return {
    publishedYears,
    overrides: days.filter((d) => d.source === 'override').map(toOverride),
    agencies: Object.fromEntries(hours.map((h) => [h.agencyCode, { sessions: h.sessions }])),
    // agencies come from the agencies table; those without configured hours work the default hours
    unknownAgency: 'default',
  };
}

export async function loadWorkingCalendar(ds: DataSource): Promise<WorkingCalendar> {
  return new WorkingCalendar(await loadCalendarOptions(ds));
}

export async function listCalendarOverrides(ds: DataSource, year?: number): Promise<CalendarDayEntity[]> {
  return ds.getRepository(CalendarDayEntity).find({ where: { source: 'override', ...(year ? { year } : {}) }, order: { date: 'ASC' } });
}

/**
 * Adds an admin override (validated by the library: kind, date range, reason, legal reference,
 * one per date) and appends an audit entry. A second override for the same date is refused.
 */
export async function addCalendarOverride(ds: DataSource, override: CalendarOverride, actor: string): Promise<CalendarDayEntity> {
  const [valid] = validateOverrides([override]);
  const existing = await ds.getRepository(CalendarDayEntity).findOneBy({ date: valid.date, source: 'override' });
  const overlap = () =>
    new CalendarError(CalendarErrorCode.OVERLAPPING_OVERRIDES, `an override for ${valid.date} already exists`, {
      date: valid.date,
      existing: existing ? toOverride(existing) : undefined,
    });
  if (existing) throw overlap();
  const row: CalendarDayEntity = {
    date: valid.date,
    source: 'override',
    year: Number(valid.date.slice(0, 4)),
    kind: valid.kind,
    reason: valid.reason,
    legalReference: valid.legalReference,
    createdBy: actor,
    createdAt: new Date(),
  };
  try {
    await inTransaction(ds, async (m) => {
      await m.getRepository(CalendarDayEntity).insert(row);
      await appendAuditIn(m, { actor, action: 'calendar.override.add', entity: 'calendar-day', entityId: row.date, details: { ...toOverride(row) } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw overlap();
    throw err;
  }
  return row;
}

/** Removes the admin override of a date (published days are not touched); null when there was none. */
export async function removeCalendarOverride(ds: DataSource, date: string, actor: string): Promise<CalendarDayEntity | null> {
  return inTransaction(ds, async (m) => {
    const repo = m.getRepository(CalendarDayEntity);
    const existing = await repo.findOneBy({ date, source: 'override' });
    if (!existing) return null;
    await repo.delete({ date, source: 'override' });
    await appendAuditIn(m, { actor, action: 'calendar.override.remove', entity: 'calendar-day', entityId: date, details: { ...toOverride(existing) } });
    return existing;
  });
}

/** Replaces (or creates) the published arrangement of a year, audited. */
export async function putPublishedCalendarYear(ds: DataSource, py: PublishedYear, actor: string): Promise<void> {
  validatePublishedYear(py);
  await inTransaction(ds, async (m) => {
    await m.getRepository(CalendarDayEntity).delete({ year: py.year, source: 'published' });
    await m.getRepository(CalendarYearEntity).delete({ year: py.year });
    await insertPublishedYear(m, py, actor, new Date());
    await appendAuditIn(m, { actor, action: 'calendar.year.publish', entity: 'calendar-year', entityId: String(py.year), details: { ...py } });
  });
}

/** Sets the office hours of an agency (validated by the library), audited. */
export async function setAgencyOfficeHours(ds: DataSource, agencyCode: string, hours: OfficeHoursInput, actor: string): Promise<void> {
  new WorkingCalendar({ agencies: { [agencyCode]: hours } });
  await inTransaction(ds, async (m) => {
    await m.getRepository(CalendarOfficeHoursEntity).save({ agencyCode, sessions: hours.sessions, updatedBy: actor, updatedAt: new Date() }, { transaction: false });
    await appendAuditIn(m, { actor, action: 'calendar.office-hours.set', entity: 'agency', entityId: agencyCode, details: { sessions: hours.sessions } });
  });
}

/** Open user tasks with a due date, as deadlines for `shiftDeadlines` (their budget started when the task was created). */
export async function listOpenDeadlines(ds: DataSource, limit = 50_000): Promise<OpenDeadline[]> {
  const rows = await ds.getRepository(TaskEntity).find({
    select: { id: true, createdAt: true, dueAt: true, agency: true },
    where: { state: 'OPEN', dueAt: Not(IsNull()) },
    order: { dueAt: 'ASC' },
    take: limit,
  });
  return rows.map((t) => ({ id: t.id, startedAt: t.createdAt, dueAt: t.dueAt as Date, ...(t.agency ? { agency: t.agency } : {}) }));
}

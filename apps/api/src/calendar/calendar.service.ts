import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type CalendarOverride, type ComputeDueRequest, type WorkingCalendar, computeDueWith, shiftDeadlines } from '@tthc/calendar';
import {
  addCalendarOverride, createVersionedCalendarCache, type VersionedCalendarCache, listCalendarOverrides, listOpenDeadlines, removeCalendarOverride, seedPublishedCalendarYears,
} from '@tthc/persistence';
import type { RunProcessInput } from '@tthc/contracts';
import type { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { mapCalendarErrors } from './calendar-error.mapper';


/**
 * Calendar use cases: read a year, add/remove overrides (audited by the store), compute a
 * due date. The working calendar is built from the database and cached until this process
 * changes it or the tables' fingerprint changes (another replica), so a change affects every
 * deadline computed afterwards.
 */
@Injectable()
export class CalendarService implements OnModuleInit {
  /** another process (a second API replica) may change the calendar: the cache looks at the tables' fingerprint every 2 s */
  private readonly cache: VersionedCalendarCache;

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {
    this.cache = createVersionedCalendarCache(ds);
  }

  async onModuleInit(): Promise<void> {
    await seedPublishedCalendarYears(this.ds);
  }

  calendar(): Promise<WorkingCalendar> {
    return this.cache.get();
  }

  /** the working calendar to pin in a new run's input (RunProcessInput.calendar) when it counts working time */
  pinFor(input: Pick<RunProcessInput, 'graph' | 'agency' | 'dossierId'>): Promise<Pick<RunProcessInput, 'calendar'>> {
    return this.cache.pinFor(input);
  }

  /** the calendar as the database has it now (another replica may have changed it within the last check interval) */
  fresh(): Promise<WorkingCalendar> {
    this.cache.invalidate();
    return this.cache.get();
  }

  async year(year: number) {
    const cal = await this.calendar();
    return mapCalendarErrors(async () => ({ ...cal.year(year), overrides: await listCalendarOverrides(this.ds, year) }));
  }

  /** What adding the override would change: the day, and the open task deadlines that would move. */
  async previewOverride(override: CalendarOverride) {
    const before = await this.calendar();
    const after = await mapCalendarErrors(() => before.withOverrides([override]));
    return { day: after.dayInfo(override.date), ...(await this.moves(before, after)) };
  }

  async addOverride(override: CalendarOverride, actor: string) {
    const before = await this.calendar();
    const row = await mapCalendarErrors(() => addCalendarOverride(this.ds, override, actor));
    this.cache.invalidate();
    const after = await this.calendar();
    return { override: row, day: after.dayInfo(row.date), ...(await this.moves(before, after)) };
  }

  async removeOverride(date: string, actor: string) {
    const before = await this.calendar();
    const removed = await removeCalendarOverride(this.ds, date, actor);
    if (!removed) throw ApiError.notFound(`calendar override for ${date}`);
    this.cache.invalidate();
    const after = await this.calendar();
    return { removed, day: after.dayInfo(date), ...(await this.moves(before, after)) };
  }

  /** Open task deadlines whose due date differs between two calendars (their working-time budget re-applied). */
  private async moves(before: WorkingCalendar, after: WorkingCalendar) {
    const shifts = shiftDeadlines(before, after, await listOpenDeadlines(this.ds));
    const moved = shifts.filter((s) => s.moved).map(({ id, oldDue, newDue }) => ({ taskId: id, oldDue, newDue }));
    return { moved, unchanged: shifts.length - moved.length };
  }

  async due(req: ComputeDueRequest) {
    const cal = await this.calendar();
    return mapCalendarErrors(() => ({ due: computeDueWith(cal, req) }));
  }
}

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type CalendarOverride, type ComputeDueRequest, type WorkingCalendar, computeDueWith } from '@tthc/calendar';
import { addCalendarOverride, listCalendarOverrides, loadWorkingCalendar, removeCalendarOverride, seedPublishedCalendarYears } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { mapCalendarErrors } from './calendar-error.mapper';

/** Other processes (a second API replica) may change the calendar: reload at least this often. */
const MAX_AGE_MS = 60_000;

/**
 * Calendar use cases: read a year, add/remove overrides (audited by the store), compute a
 * due date. The working calendar is built from the database and cached until this process
 * changes it or it is older than a minute, so a change affects every deadline computed afterwards.
 */
@Injectable()
export class CalendarService implements OnModuleInit {
  private cached: { cal: Promise<WorkingCalendar>; at: number } | null = null;

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async onModuleInit(): Promise<void> {
    await seedPublishedCalendarYears(this.ds);
  }

  calendar(): Promise<WorkingCalendar> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > MAX_AGE_MS) {
      const cal = loadWorkingCalendar(this.ds);
      this.cached = { cal, at: now };
      cal.catch(() => (this.cached = null));
    }
    return this.cached.cal;
  }

  async year(year: number) {
    const cal = await this.calendar();
    return mapCalendarErrors(async () => ({ ...cal.year(year), overrides: await listCalendarOverrides(this.ds, year) }));
  }

  async addOverride(override: CalendarOverride, actor: string) {
    const row = await mapCalendarErrors(() => addCalendarOverride(this.ds, override, actor));
    this.cached = null;
    const cal = await this.calendar();
    return { override: row, day: cal.dayInfo(row.date) };
  }

  async removeOverride(date: string, actor: string) {
    const removed = await removeCalendarOverride(this.ds, date, actor);
    if (!removed) throw ApiError.notFound(`calendar override for ${date}`);
    this.cached = null;
    const cal = await this.calendar();
    return { removed, day: cal.dayInfo(date) };
  }

  async due(req: ComputeDueRequest) {
    const cal = await this.calendar();
    return mapCalendarErrors(() => ({ due: computeDueWith(cal, req) }));
  }
}

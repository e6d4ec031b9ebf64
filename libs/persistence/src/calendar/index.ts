export { CALENDAR_ENTITIES, CALENDAR_MIGRATIONS } from './calendar-entities';
export { CalendarSchema1763900000000 } from './1763900000000-calendar-schema';
export { CalendarYearEntity } from './calendar-year.entity';
export { CalendarDayEntity, CALENDAR_DAY_SOURCES, type CalendarDaySource } from './calendar-day.entity';
export { CalendarOfficeHoursEntity } from './calendar-office-hours.entity';
export { openCalendarTestDatabase } from './calendar-test-database';
export * from './calendar.store';
export { type CalendarCache, createCalendarCache } from './calendar-cache';
export { calendarVersion, createVersionedCalendarCache, type VersionedCalendarCacheOptions } from './calendar-versioned-cache';

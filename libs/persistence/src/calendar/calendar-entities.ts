import { CalendarSchema1763900000000 } from './1763900000000-calendar-schema';
import { CalendarDayEntity } from './calendar-day.entity';
import { CalendarOfficeHoursEntity } from './calendar-office-hours.entity';
import { CalendarYearEntity } from './calendar-year.entity';

/** To be appended to ENTITIES / MIGRATIONS (see docs/calendar.md, "Integration"). */
export const CALENDAR_ENTITIES = [CalendarYearEntity, CalendarDayEntity, CalendarOfficeHoursEntity];
export const CALENDAR_MIGRATIONS = [CalendarSchema1763900000000];

import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/** Spread into AppModule's `controllers` / `providers` (the API is one flat module). */
export const CALENDAR_CONTROLLERS = [CalendarController];
export const CALENDAR_PROVIDERS = [CalendarService];
export { CalendarController, CalendarService };

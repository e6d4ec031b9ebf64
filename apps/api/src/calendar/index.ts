import { CalendarRecomputeController } from './calendar-recompute.controller';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { DeadlineRecomputeService } from './deadline-recompute.service';

/** Spread into AppModule's `controllers` / `providers` (the API is one flat module). */
export const CALENDAR_CONTROLLERS = [CalendarController, CalendarRecomputeController];
export const CALENDAR_PROVIDERS = [CalendarService, DeadlineRecomputeService];
export { CalendarController, CalendarRecomputeController, CalendarService, DeadlineRecomputeService };

import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DAY_KINDS } from '@tthc/calendar';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { parseInput } from '../common/validation/parse-input.util';
import { CalendarService } from './calendar.service';

const YearParam = z.object({ year: z.coerce.number().int().min(1900).max(2100) });
const DateParam = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD') });
// Reason and legal reference are checked by the library too (typed CALENDAR_* errors); here only the shape.
const OverrideBody = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  kind: z.enum(DAY_KINDS as unknown as [string, ...string[]]),
  reason: z.string().max(2000).default(''),
  legalReference: z.string().max(512).default(''),
});
const DueBody = z.object({
  from: z.string().min(1).max(64),
  duration: z.string().min(1).max(64),
  calendar: z.enum(['working', 'absolute']).default('working'),
  agency: z.string().max(64).optional(),
  cutoff: z.string().max(5).optional(),
});

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('years/:year')
  @ApiOperation({ summary: 'A year at a glance: holidays, make-up days, swapped days and worked Saturdays' })
  year(@Param() params: unknown) {
    return this.calendar.year(parseInput(YearParam, params).year);
  }

  @Post('overrides')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a day override (holiday | make-up | swap-off | swap-workday) with reason and legal reference; audited' })
  @ApiBody({ schema: { type: 'object', required: ['date', 'kind', 'reason', 'legalReference'] } })
  addOverride(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    const o = parseInput(OverrideBody, body ?? {});
    return this.calendar.addOverride({ ...o, kind: o.kind as (typeof DAY_KINDS)[number] }, user.username);
  }

  @Post('overrides/preview')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'What an override would change: the day and the open task deadlines that would move (nothing is saved)' })
  previewOverride(@Body() body: unknown) {
    const o = parseInput(OverrideBody, body ?? {});
    return this.calendar.previewOverride({ ...o, kind: o.kind as (typeof DAY_KINDS)[number] });
  }

  @Delete('overrides/:date')
  @Roles('admin')
  @ApiOperation({ summary: 'Remove the override of a date; audited' })
  removeOverride(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return this.calendar.removeOverride(parseInput(DateParam, params).date, user.username);
  }

  @Post('due')
  @HttpCode(200)
  @ApiOperation({ summary: 'Due instant = from + ISO 8601 duration (working time: P1D = PT8H), as ISO with +07:00' })
  due(@Body() body: unknown) {
    return this.calendar.due(parseInput(DueBody, body ?? {}));
  }
}

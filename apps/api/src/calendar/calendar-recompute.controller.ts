import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { parseInput } from '../common/validation/parse-input.util';
import { DeadlineRecomputeService } from './deadline-recompute.service';

const RecomputeBody = z.object({ apply: z.boolean().default(false) }).strict();

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarRecomputeController {
  constructor(private readonly recompute: DeadlineRecomputeService) {}

  @Post('recompute')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Recompute the open deadlines of running dossiers under the current calendar: preview what moves, or apply ' +
      '(rewrites inbox due dates, audited, and signals calendarChanged so pending working-time timers re-arm)',
  })
  @ApiBody({ schema: { type: 'object', properties: { apply: { type: 'boolean', default: false } } } })
  run(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.recompute.recompute(parseInput(RecomputeBody, body ?? {}).apply, user.username);
  }
}

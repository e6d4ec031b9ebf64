import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { parseInput } from '../../common/validation/parse-input.util';
import { IncidentsUsecase, RETRY_BATCH_MAX } from './incidents.usecase';

const ListQuery = z.object({
  processKey: z.string().min(1).max(255).optional(),
  elementId: z.string().min(1).max(255).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const RetryManyBody = z
  .object({
    incidents: z.array(z.object({ instanceId: z.string().uuid(), incidentId: z.string().min(1).max(255) })).min(1).max(RETRY_BATCH_MAX).optional(),
    processKey: z.string().min(1).max(255).optional(),
    elementId: z.string().min(1).max(255).optional(),
    variables: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((b) => b.incidents || b.processKey, { message: 'give the incidents, or a processKey (and elementId) to retry every matching one' });

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsUsecase) {}

  @Get()
  @Roles('admin', 'analyst', 'officer', 'auditor')
  @ApiOperation({ summary: 'Open incidents across instances (agency scope), with counts by process and by element' })
  list(@Query() query: unknown, @CurrentUser() user: AuthUser) {
    return this.incidents.list(parseInput(ListQuery, query), user);
  }

  @Post('retry')
  @HttpCode(200)
  @Roles('admin', 'analyst', 'officer')
  @ApiOperation({ summary: 'Retry incidents in a batch, optionally with corrected variables (per-incident report)' })
  @ApiBody({ schema: { type: 'object', properties: { incidents: { type: 'array', items: { type: 'object' } }, processKey: { type: 'string' }, elementId: { type: 'string' }, variables: { type: 'object' } } } })
  retryMany(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.incidents.retryMany(parseInput(RetryManyBody, body), user);
  }
}

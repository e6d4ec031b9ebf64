import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { parseInput } from '../common/validation/parse-input.util';
import { ProcessInstancesService } from './process-instances.service';

const Variables = z.record(z.string(), z.unknown());
const StartBody = z.object({
  processKey: z.string().min(1).max(255),
  version: z.number().int().min(1).optional(),
  businessKey: z.string().min(1).max(255).optional(),
  variables: Variables.optional(),
  startEventId: z.string().min(1).max(255).optional(),
});
const ListQuery = z.object({
  processKey: z.string().max(255).optional(),
  state: z.enum(['ACTIVE', 'COMPLETED', 'TERMINATED', 'FAILED', 'CANCELED']).optional(),
  businessKey: z.string().max(255).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const IdParam = z.object({ id: z.string().uuid() });
const IncidentParams = z.object({ id: z.string().uuid(), incidentId: z.string().min(1).max(255) });
const RetryBody = z.object({ variables: z.record(z.string(), z.unknown()).optional() }).default({});

@ApiTags('process-instances')
@ApiBearerAuth()
@Controller('process-instances')
export class ProcessInstancesController {
  constructor(private readonly instances: ProcessInstancesService) {}

  @Post()
  @Roles('admin', 'analyst', 'officer')
  @ApiOperation({ summary: 'Start an instance of the latest (or given) version' })
  @ApiBody({ schema: { type: 'object', required: ['processKey'], properties: { processKey: { type: 'string' }, version: { type: 'integer' }, businessKey: { type: 'string' }, variables: { type: 'object' } } } })
  start(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.instances.start(parseInput(StartBody, body), user);
  }

  @Get()
  @ApiOperation({ summary: 'Instances, newest first; keyset paging with `cursor`' })
  list(@Query() query: unknown, @CurrentUser() user: AuthUser) {
    return this.instances.list(parseInput(ListQuery, query), user);
  }

  @Get(':id')
  get(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return this.instances.get(parseInput(IdParam, params).id, user);
  }

  @Get(':id/history')
  history(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return this.instances.history(parseInput(IdParam, params).id, user);
  }

  @Post(':id/incidents/:incidentId/retry')
  @HttpCode(200)
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Retry an open incident, optionally with corrected variables' })
  @ApiBody({ schema: { type: 'object', properties: { variables: { type: 'object' } } } })
  retry(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    const p = parseInput(IncidentParams, params);
    return this.instances.retryIncident(p.id, p.incidentId, parseInput(RetryBody, body ?? {}).variables, user);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @Roles('admin', 'analyst', 'officer')
  cancel(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return this.instances.cancel(parseInput(IdParam, params).id, user);
  }
}

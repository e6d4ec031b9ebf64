import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/auth.decorators';
import { parseInput } from '../common/validation/parse-input.util';
import { TasksService } from './tasks.service';

const DossierFilters = {
  procedure: z.string().regex(/^\d\.\d{6}$/).optional(),
  code: z.string().trim().min(1).max(64).optional(),
  applicant: z.string().trim().min(1).max(255).optional(),
  /** national dossier statuses, comma-separated (`status=2,4`) */
  status: z
    .string()
    .regex(/^(10|[1-9])(,(10|[1-9]))*$/, 'dossier statuses 1–10, comma-separated')
    .transform((s) => [...new Set(s.split(',').map(Number))])
    .optional(),
  dueFrom: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
  dueTo: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
};
const ListQuery = z.object({
  assigned: z.enum(['me', 'group', 'unassigned']).optional(),
  due: z.enum(['soon', 'overdue']).optional(),
  ...DossierFilters,
  state: z.enum(['OPEN', 'COMPLETING', 'COMPLETED', 'CANCELED']).optional(),
  dueBefore: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
  processKey: z.string().max(255).optional(),
  instanceId: z.string().max(36).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const CountsQuery = z.object(DossierFilters);
const IdParam = z.object({ id: z.string().min(1).max(128) });
const ReassignBody = z.object({ to: z.string().trim().min(1).max(128) });
const CompleteBody = z.object({ variables: z.record(z.string(), z.unknown()).optional() }).default({});

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'Inbox: open tasks (default) visible to the caller, oldest first, keyset paging; each with its dossier and the working time left' })
  list(@Query() query: unknown, @CurrentUser() user: AuthUser) {
    return this.tasks.list(parseInput(ListQuery, query), user);
  }

  @Get('counts')
  @ApiOperation({ summary: 'Open tasks per inbox view (me, group, unassigned, soon, overdue), each counted up to `cap`' })
  counts(@Query() query: unknown, @CurrentUser() user: AuthUser) {
    return this.tasks.counts(parseInput(CountsQuery, query), user);
  }

  @Get(':id')
  get(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return this.tasks.get(parseInput(IdParam, params).id, user);
  }

  @Get(':id/form')
  @ApiOperation({ summary: "The task's form-js form (tthc:formKey), as deployed with the version its dossier started on" })
  form(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return this.tasks.form(parseInput(IdParam, params).id, user);
  }

  @Post(':id/claim')
  @HttpCode(200)
  claim(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return this.tasks.claim(parseInput(IdParam, params).id, user);
  }

  @Post(':id/unclaim')
  @HttpCode(200)
  unclaim(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return this.tasks.unclaim(parseInput(IdParam, params).id, user);
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'A unit lead gives the open task to an officer of the same unit and agency (audited)' })
  @ApiBody({ schema: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'] } })
  reassign(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.tasks.reassign(parseInput(IdParam, params).id, parseInput(ReassignBody, body ?? {}).to, user);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiBody({ schema: { type: 'object', properties: { variables: { type: 'object' } } } })
  complete(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    const { variables } = parseInput(CompleteBody, body ?? {});
    return this.tasks.complete(parseInput(IdParam, params).id, variables, user);
  }
}

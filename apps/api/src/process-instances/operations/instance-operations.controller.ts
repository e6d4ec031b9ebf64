import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { parseInput } from '../../common/validation/parse-input.util';
import { InstanceMigrationUsecase, MIGRATION_BATCH_MAX } from './instance-migration.usecase';
import { InstanceModificationUsecase } from './instance-modification.usecase';

const ElementId = z.string().min(1).max(255);
const Variables = z.record(z.string(), z.unknown());
const Mapping = z.record(ElementId, ElementId).refine((m) => Object.keys(m).length <= 1000, 'at most 1000 mapping entries');
const IdParam = z.object({ id: z.string().uuid() });
const MigrateBody = z.object({ targetVersion: z.number().int().min(1), mapping: Mapping.default({}) });
const MigrateManyBody = z.object({
  processKey: z.string().min(1).max(255),
  targetVersion: z.number().int().min(1),
  mapping: Mapping.default({}),
  fromVersion: z.number().int().min(1).optional(),
  instanceIds: z.array(z.string().uuid()).min(1).max(MIGRATION_BATCH_MAX).optional(),
});
const BatchParam = z.object({ batchId: z.string().uuid() });
const Instruction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cancel'), elementId: ElementId, elementInstanceId: z.string().min(1).max(128).optional() }),
  z.object({ kind: z.literal('startBefore'), elementId: ElementId, variables: Variables.optional() }),
  z.object({ kind: z.literal('startAfter'), elementId: ElementId, variables: Variables.optional() }),
  z.object({ kind: z.literal('move'), from: ElementId, to: ElementId, variables: Variables.optional() }),
]);
const ModifyBody = z.object({ instructions: z.array(Instruction).min(1).max(100), reason: z.string().trim().min(1, 'a reason is required').max(2000) });

@ApiTags('process-instances')
@ApiBearerAuth()
@Controller('process-instances')
export class InstanceOperationsController {
  constructor(
    private readonly migration: InstanceMigrationUsecase,
    private readonly modification: InstanceModificationUsecase,
  ) {}

  @Post('migrations')
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Migrate several running instances to another version (per-instance report; above the synchronous limit 202 with a batch id)' })
  @ApiBody({ schema: { type: 'object', required: ['processKey', 'targetVersion'], properties: { processKey: { type: 'string' }, targetVersion: { type: 'integer' }, fromVersion: { type: 'integer' }, mapping: { type: 'object' }, instanceIds: { type: 'array', items: { type: 'string' } } } } })
  async migrateMany(@Body() body: unknown, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    const answer = await this.migration.migrateMany(parseInput(MigrateManyBody, body), user);
    if ('batchId' in answer) res.status(202);
    return answer;
  }

  @Get('migrations/:batchId')
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Progress of an asynchronous batch migration: counts and the refused instances with their reason' })
  migrationBatch(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return this.migration.batch(parseInput(BatchParam, params).batchId, user);
  }

  @Post(':id/migration')
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Migrate a running instance to another version of its process, with an element mapping' })
  @ApiBody({ schema: { type: 'object', required: ['targetVersion'], properties: { targetVersion: { type: 'integer' }, mapping: { type: 'object', additionalProperties: { type: 'string' } } } } })
  migrate(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.migration.migrate(parseInput(IdParam, params).id, parseInput(MigrateBody, body), user);
  }

  @Post(':id/modification')
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Token modification: cancel, start before/after an element, move (reason required)' })
  @ApiBody({ schema: { type: 'object', required: ['instructions', 'reason'], properties: { instructions: { type: 'array', items: { type: 'object' } }, reason: { type: 'string' } } } })
  modify(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.modification.modify(parseInput(IdParam, params).id, parseInput(ModifyBody, body), user);
  }
}

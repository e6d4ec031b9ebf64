import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { parseInput } from '../common/validation/parse-input.util';
import { ReplayInstanceUseCase } from './replay-instance.usecase';

const IdParam = z.object({ id: z.string().uuid() });
const ReplayBody = z
  .object({
    /** a history to check instead of the stored one (proto JSON, `temporal workflow show -o json`) */
    history: z.object({ events: z.array(z.unknown()) }).passthrough().optional(),
  })
  .strict()
  .default({});

@ApiTags('audit')
@ApiBearerAuth()
@Controller('process-instances')
@Roles('auditor', 'admin')
export class ReplayController {
  constructor(private readonly replay: ReplayInstanceUseCase) {}

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Determinism check: replay the Temporal history against the current worker code → {deterministic, events, divergence}' })
  @ApiBody({ required: false, schema: { type: 'object', properties: { history: { type: 'object', description: 'proto JSON history to check instead of the stored one' } } } })
  run(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    const { id } = parseInput(IdParam, params);
    const { history } = parseInput(ReplayBody, body ?? {});
    return this.replay.execute(id, history, user);
  }
}

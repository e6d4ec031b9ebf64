import { Body, Controller, Get, Inject, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PROCEDURE_STATUSES, type ProcedureDetailView, type ProcedureStatus, type ProcedureView } from '@tthc/contracts';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, PortalAllowed } from '../common/auth/auth.decorators';
import { parseInput } from '../common/validation/parse-input.util';
import { ProcedureUpdateBody } from './procedure-file.schema';
import { ProcedureQueries } from './procedure-queries.service';
import { UpdateProcedureUseCase } from './update-procedure.usecase';

const ListQuery = z
  .object({
    agency: z.string().regex(/^[A-Z0-9_]{1,64}$/).optional(),
    status: z.enum(PROCEDURE_STATUSES as [ProcedureStatus, ...ProcedureStatus[]]).optional(),
  })
  .strict();

/**
 * The TTHC catalog (issue 12): seeded from `processes/*.procedure.json`, read by every
 * authenticated user within procedure-access.ts, changed by analysts of the owning agency
 * and admins. The dossier intake and the digitise guard read the component list from it.
 */
@ApiTags('procedures')
@ApiBearerAuth()
@Controller('procedures')
export class ProceduresController {
  constructor(
    @Inject(ProcedureQueries) private readonly queries: ProcedureQueries,
    @Inject(UpdateProcedureUseCase) private readonly update: UpdateProcedureUseCase,
  ) {}

  @Get()
  @PortalAllowed()
  @ApiOperation({ summary: 'The procedures catalog (components, fees, statutory days, legal basis); ?agency=&status=' })
  async list(@Query() query: unknown, @CurrentUser() user: AuthUser): Promise<{ items: ProcedureView[] }> {
    return { items: await this.queries.list(user, parseInput(ListQuery, query)) };
  }

  @Get(':code')
  @PortalAllowed()
  @ApiOperation({ summary: 'One procedure by national code (e.g. 2.000815) with the deployed versions of its process' })
  get(@Param('code') code: string, @CurrentUser() user: AuthUser): Promise<ProcedureDetailView> {
    return this.queries.get(code, user);
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Change status (draft/published/retired) or descriptive fields — analysts of the owning agency, admins' })
  patch(@Param('code') code: string, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ProcedureDetailView> {
    return this.update.execute(code, parseInput(ProcedureUpdateBody, body), user);
  }
}

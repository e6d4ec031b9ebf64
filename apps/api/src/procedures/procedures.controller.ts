import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ProcedureView } from '@tthc/contracts';
import { getProcedure, listProcedures, toProcedureView } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { PortalAllowed } from '../common/auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';

/**
 * The TTHC catalog: every authenticated user may read it (it is public information on
 * the national portal too); it changes only through `processes/*.procedure.json`.
 */
@ApiTags('procedures')
@ApiBearerAuth()
@PortalAllowed()
@Controller('procedures')
export class ProceduresController {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'The procedures catalog (components, fees, statutory days, legal basis)' })
  async list(): Promise<{ items: ProcedureView[] }> {
    return { items: (await listProcedures(this.ds)).map(toProcedureView) };
  }

  @Get(':code')
  @ApiOperation({ summary: 'One procedure by national code (e.g. 2.000815)' })
  async get(@Param('code') code: string): Promise<ProcedureView> {
    const p = /^[\d.]{1,32}$/.test(code) ? await getProcedure(this.ds, code) : null;
    if (!p) throw ApiError.notFound(`procedure ${code}`);
    return toProcedureView(p);
  }
}

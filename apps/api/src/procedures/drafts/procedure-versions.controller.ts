import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { VersionEntryView } from '@tthc/contracts';
import { getVersionXml, listVersionHistory } from '@tthc/persistence';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { ApiError } from '../../common/errors/api-error';
import { DATA_SOURCE } from '../../common/tokens';
import { parseInput } from '../../common/validation/parse-input.util';
import { ProcessAccess } from '../../deployments/process-access';
import { toVersionEntryView } from './draft-views';

const ListQuery = z.object({ key: z.string().min(1).max(255) });
const IdParam = z.object({ id: z.string().uuid() });

/**
 * A procedure's version history (publications and deployments) and the XML of any entry, for the
 * diff: analysts, admins and auditors, of a process they may read (process-access.ts) — another
 * agency's key has no history and its entries are not found, as for an unknown key.
 */
@ApiTags('procedure-drafts')
@ApiBearerAuth()
@Roles('analyst', 'admin', 'auditor')
@Controller('procedure-versions')
export class ProcedureVersionsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ProcessAccess,
  ) {}

  @Get()
  @ApiOperation({ summary: 'History of a process key, oldest first: author, time, note, engine version, layout-only flag' })
  async list(@Query() query: unknown, @CurrentUser() user: AuthUser): Promise<{ items: VersionEntryView[] }> {
    const { key } = parseInput(ListQuery, query);
    if (!(await this.access.canRead(user, key))) return { items: [] };
    return { items: (await listVersionHistory(this.ds, key)).map(toVersionEntryView) };
  }

  @Get(':id/xml')
  @ApiOperation({ summary: 'The exact BPMN XML of a history entry (layout included)' })
  async xml(@Param() params: unknown, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<string> {
    const { id } = parseInput(IdParam, params);
    const v = await getVersionXml(this.ds, id);
    if (!v) throw ApiError.notFound(`version ${id}`);
    await this.access.assertReadable(user, v.processKey, `version ${id}`);
    res.type('application/xml; charset=utf-8');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return v.xml;
  }
}

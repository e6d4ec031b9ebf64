import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { parseInput } from '../common/validation/parse-input.util';
import { ExportDossierUseCase } from './export-dossier.usecase';

const RefParam = z.object({ ref: z.string().min(1).max(80) });
const ExportQuery = z.object({ documents: z.enum(['true', 'false', '1', '0']).optional() });

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
@Roles('auditor', 'admin')
export class AuditExportController {
  constructor(private readonly exporter: ExportDossierUseCase) {}

  @Get('dossiers/:ref/export')
  @ApiOperation({ summary: 'Signed audit bundle (ZIP) of one dossier, by code or id; `documents=true` adds the document bytes' })
  async export(@Param() params: unknown, @Query() query: unknown, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { ref } = parseInput(RefParam, params);
    const q = parseInput(ExportQuery, query);
    const bundle = await this.exporter.execute(ref, { documents: q.documents === 'true' || q.documents === '1' }, user);
    res.setHeader('content-type', 'application/zip');
    res.setHeader('content-length', String(bundle.bytes.length));
    res.setHeader('x-content-type-options', 'nosniff');
    res.attachment(bundle.fileName);
    res.end(bundle.bytes);
  }
}

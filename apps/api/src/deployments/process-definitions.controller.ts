import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { getDefinition, listDefinitions } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { parseInput } from '../common/validation/parse-input.util';
import { formsOfVersion } from '../forms/version-forms';
import { ProcessAccess } from './process-access';

const ListQuery = z.object({
  key: z.string().max(255).optional(),
  latest: z.enum(['true', 'false']).optional(),
});
const VersionParams = z.object({ key: z.string().min(1).max(255), version: z.coerce.number().int().min(1) });

/** Deployed versions: staff roles, and only the processes the caller may read (process-access.ts). */
@ApiTags('process-definitions')
@ApiBearerAuth()
@Roles('admin', 'analyst', 'officer', 'auditor')
@Controller('process-definitions')
export class ProcessDefinitionsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ProcessAccess,
  ) {}

  @Get()
  @ApiOperation({ summary: "Deployed process versions (without XML) the caller may read; ?latest=true for the newest of each key" })
  async list(@Query() query: unknown, @CurrentUser() user: AuthUser) {
    const q = parseInput(ListQuery, query);
    const rows = await listDefinitions(this.ds, { key: q.key, latestOnly: q.latest === 'true' });
    const readable = await this.access.readable(user, rows.map((d) => d.key));
    return {
      items: rows.filter((d) => readable.has(d.key)).map((d) => ({ id: d.id, key: d.key, version: d.version, name: d.name, hash: d.hash, deployedBy: d.deployedBy, deployedAt: d.deployedAt })),
    };
  }

  @Get(':key/versions/:version/xml')
  @ApiOperation({ summary: 'The BPMN XML a version was deployed from' })
  async xml(@Param() params: unknown, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<string> {
    const d = await this.version(params, user);
    res.type('application/xml; charset=utf-8');
    // uploaded XML is untrusted: a browser opening this URL must not run scripts embedded in it
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return d.xml;
  }

  @Get(':key/versions/:version/forms')
  @ApiOperation({ summary: 'The form-js forms deployed with a version (pinned by sha-256 in its graph)' })
  async forms(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return { forms: await formsOfVersion(this.ds, await this.version(params, user)) };
  }

  /** the version, or 404 when unknown or not readable by the caller (the same answer) */
  private async version(params: unknown, user: AuthUser) {
    const p = parseInput(VersionParams, params);
    const what = `process ${p.key} version ${p.version}`;
    await this.access.assertReadable(user, p.key, what);
    const d = await getDefinition(this.ds, p.key, p.version);
    if (!d) throw ApiError.notFound(what);
    return d;
  }
}

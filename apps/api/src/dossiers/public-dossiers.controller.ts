import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, type PublicDossierView } from '@tthc/contracts';
import { DOSSIER_CODE_PATTERN, getDossierByCode, getProcedure } from '@tthc/persistence';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../common/auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { API_CONFIG, DATA_SOURCE } from '../common/tokens';
import type { ApiConfig } from '../config/api-config';
import { DossierError, DossierErrorCode } from './dossier.errors';
import { toPublicView } from './dossier-view';
import { PUBLIC_LOOKUP_LIMITER } from './dossiers-config';
import type { PublicLookupLimiter } from './public-lookup-limiter';

/**
 * What anybody holding a receipt (or its QR code) may learn without logging in: status,
 * received and due dates, procedure name and a masked applicant name — nothing else.
 * Rate-limited per client address; an unknown and a malformed code answer the same 404.
 * A browser asking for HTML is redirected to the web app's page `#/tra-cuu/<code>`.
 */
@ApiTags('public')
@Controller('public/dossiers')
export class PublicDossiersController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PUBLIC_LOOKUP_LIMITER) private readonly limiter: PublicLookupLimiter,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Public()
  @Get(':code')
  @ApiOperation({ summary: 'Public status lookup by dossier code (no login, rate-limited)' })
  async lookup(@Param('code') code: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const wait = this.limiter.hit(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (wait > 0) {
      res.setHeader('retry-after', String(Math.ceil(wait / 1000)));
      throw new ApiError(ErrorCode.TOO_MANY_REQUESTS, 'too many lookups from this address, try again later', { retryAfterSeconds: Math.ceil(wait / 1000) });
    }
    res.setHeader('cache-control', 'no-store');
    // the QR code of a form holds this URL: a phone's browser (asking for HTML) gets the
    // web app's lookup page, which calls this same route for the JSON
    if (this.config.webDist && req.accepts(['application/json', 'text/html']) === 'text/html') {
      res.redirect(302, `/#/tra-cuu/${encodeURIComponent(code)}`);
      return;
    }
    const d = DOSSIER_CODE_PATTERN.test(code) && code.length <= 64 ? await getDossierByCode(this.ds, code) : null;
    if (!d) throw new DossierError(DossierErrorCode.DOSSIER_NOT_FOUND, 'no dossier has this code');
    const procedure = await getProcedure(this.ds, d.procedureCode);
    const view: PublicDossierView = toPublicView(d, procedure?.name ?? d.procedureCode);
    res.json(view);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DOSSIER_FORMS, type DossierStatus } from '@tthc/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { AuditorViews } from '../audit/auditor-views';
import { CurrentUser, PortalAllowed } from '../common/auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { parseInput } from '../common/validation/parse-input.util';
import { UploadInterceptor, type UploadRequest } from '../documents/upload.interceptor';
import { AddDossierDocumentUseCase } from './add-dossier-document.usecase';
import { CreateDossierBody, printable } from './create-dossier.command';
import { CreateDossierUseCase } from './create-dossier.usecase';
import { DossierFormsService } from './dossier-forms.service';
import { DossierQueries } from './dossier-queries.service';
import { ResubmitDossierUseCase } from './resubmit-dossier.usecase';
import { ReuseDocumentUseCase } from './reuse-document.usecase';

const instant = z.string().datetime({ offset: true }).transform((s) => new Date(s));
const ListQuery = z
  .object({
    code: z.string().max(64).optional(),
    status: z
      .string()
      .regex(/^(10|[1-9])(,(10|[1-9]))*$/, 'status: 1–10, comma-separated')
      .transform((s) => s.split(',').map(Number) as DossierStatus[])
      .optional(),
    procedure: z.string().regex(/^\d\.\d{6}$/).optional(),
    applicantId: z.string().regex(/^[A-Za-z0-9-]{1,32}$/).optional(),
    receivedFrom: instant.optional(),
    receivedTo: instant.optional(),
    dueBefore: instant.optional(),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
const UploadFields = z
  .object({
    componentId: z.string().uuid().optional(),
    kind: z.enum(['component', 'result', 'other']).optional(),
    name: printable(255).optional(),
  })
  .strict();
const ReuseBody = z.object({ documentId: z.string().uuid() }).strict();
const ResubmitBody = z.object({ note: printable(2000).optional() }).strict();
const FormParam = z.enum(DOSSIER_FORMS);

/** Thin HTTP layer: parse, call one use case or query, return. Rules live in the use cases. */
@ApiTags('dossiers')
@ApiBearerAuth()
@PortalAllowed()
@Controller('dossiers')
export class DossiersController {
  constructor(
    private readonly create: CreateDossierUseCase,
    private readonly queries: DossierQueries,
    private readonly addDocument: AddDossierDocumentUseCase,
    private readonly reuseDocument: ReuseDocumentUseCase,
    private readonly resubmit: ResubmitDossierUseCase,
    private readonly forms: DossierFormsService,
    private readonly views: AuditorViews,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a dossier: online submission (portal) or counter intake (officer of the receiving unit)' })
  register(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.create.execute(parseInput(CreateDossierBody, body), user);
  }

  @Get()
  @ApiOperation({ summary: 'Dossiers visible to the caller, newest first (keyset paging)' })
  list(@Query() query: unknown, @CurrentUser() user: AuthUser) {
    const q = parseInput(ListQuery, query);
    return this.queries.list(
      { code: q.code, statuses: q.status, procedureCode: q.procedure, applicantIdNumber: q.applicantId, receivedFrom: q.receivedFrom, receivedTo: q.receivedTo, dueBefore: q.dueBefore, cursor: q.cursor, limit: q.limit },
      user,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One dossier with its components' })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.views.record(user, 'dossier', id, 'dossier', this.queries.get(id, user));
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'The dossier event log (hash-chained)' })
  events(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.views.record(user, 'dossier', id, 'events', this.queries.events(id, user));
  }

  @Get(':id/events/verify')
  @ApiOperation({ summary: 'Recomputes the dossier’s event chain: {ok, count, brokenAtSeq?, reason?}' })
  verify(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.views.record(user, 'dossier', id, 'events-verify', this.queries.verify(id, user));
  }

  @Get(':id/progress')
  @ApiOperation({ summary: 'National progress records (one per status transition)' })
  progress(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.views.record(user, 'dossier', id, 'progress', this.queries.progress(id, user));
  }

  @Get(':id/documents')
  @ApiOperation({ summary: 'Current documents of the dossier' })
  documents(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.views.record(user, 'dossier', id, 'documents', this.queries.documents(id, user));
  }

  @Post(':id/documents')
  @UseInterceptors(UploadInterceptor)
  @ApiOperation({ summary: 'Add a file: a component scan (componentId), a result (kind=result) or another file' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, componentId: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' } } } })
  upload(@Param('id') id: string, @Req() req: UploadRequest, @CurrentUser() user: AuthUser) {
    const file = req.files?.file?.[0];
    if (!file) throw ApiError.badRequest('send the document as multipart/form-data field "file"');
    const fields = parseInput(UploadFields, req.body ?? {});
    const name = fields.name ?? parseInput(printable(255), fileName(file.originalname) || 'document');
    return this.addDocument.execute({ dossierId: id, componentId: fields.componentId, kind: fields.kind ?? (fields.componentId ? 'component' : 'other'), name, mediaType: file.mimetype, bytes: file.buffer }, user);
  }

  @Get(':id/reusable-documents')
  @ApiOperation({ summary: 'Documents held for the same applicant ID number that a component may reuse' })
  reusable(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.queries.reusable(id, user);
  }

  @Post(':id/components/:componentId/reuse')
  @HttpCode(200)
  @ApiOperation({ summary: 'Link a component to a reusable document instead of a new scan' })
  reuse(@Param('id') id: string, @Param('componentId') componentId: string, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.reuseDocument.execute(id, componentId, parseInput(ReuseBody, body).documentId, user);
  }

  @Post(':id/resubmission')
  @HttpCode(202)
  @ApiOperation({ summary: 'The citizen’s resubmission after a supplement request (portal, or at the counter)' })
  resubmission(@Param('id') id: string, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.resubmit.execute(id, parseInput(ResubmitBody, body ?? {}), user);
  }

  @Get(':id/forms/:form')
  @ApiOperation({ summary: 'A form as PDF: receipt | supplement | refusal | apology | control-sheet' })
  async form(@Param('id') id: string, @Param('form') form: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const which = parseInput(FormParam, form);
    const f = await this.views.record(user, 'dossier', id, `form:${which}`, this.forms.get(id, which, user));
    res.setHeader('content-type', f.mediaType);
    res.setHeader('content-length', String(f.bytes.length));
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('etag', `"${f.sha256}"`);
    res.attachment(f.name);
    res.end(f.bytes);
  }
}

/** busboy reads a plain `filename=` as latin1; browsers and fetch send UTF-8 bytes there. */
function fileName(raw: string): string {
  return [...raw].every((c) => c.charCodeAt(0) <= 0xff) ? Buffer.from(raw, 'latin1').toString('utf8') : raw;
}

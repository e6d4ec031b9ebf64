import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { assertNoNulBytes } from '../common/validation/nul-bytes.pipe';
import { parseInput } from '../common/validation/parse-input.util';
import { DocumentsService } from './documents.service';
import { UploadInterceptor, type UploadRequest } from './upload.interceptor';

const UploadFields = z.object({
  kind: z.enum(['component', 'result', 'notice', 'other']).default('component'),
  name: z.string().trim().min(1).max(255).optional(),
});
const ListQuery = z.object({ versions: z.enum(['current', 'all']).default('current') });
const uuid = new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('document') });

/** Thin HTTP layer over DocumentsService (rules and permissions live there). */
@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('process-instances/:id/documents')
  @UseInterceptors(UploadInterceptor)
  @ApiOperation({ summary: 'Add a document to a dossier (multipart: file, kind, name)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, kind: { type: 'string' }, name: { type: 'string' } } } })
  upload(@Param('id') id: string, @Req() req: UploadRequest, @CurrentUser() user: AuthUser) {
    const file = req.files?.file?.[0];
    if (!file) throw ApiError.badRequest('send the document as multipart/form-data field "file"');
    const fields = parseInput(UploadFields, req.body ?? {});
    const name = fields.name ?? (fileName(file.originalname) || 'document');
    assertNoNulBytes({ ...fields, name });
    return this.documents.upload({ instanceId: id, kind: fields.kind, name, mediaType: file.mimetype, bytes: file.buffer }, user);
  }

  @Get('process-instances/:id/documents')
  @ApiOperation({ summary: "A dossier's documents (current versions, or ?versions=all) with their signature status" })
  list(@Param('id') id: string, @Query() query: unknown, @CurrentUser() user: AuthUser) {
    return this.documents.list(id, user, parseInput(ListQuery, query).versions === 'all');
  }

  @Get('documents/:id')
  @ApiOperation({ summary: 'Document metadata' })
  get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.documents.get(id, user);
  }

  @Get('documents/:id/content')
  @ApiOperation({ summary: 'The stored bytes, with their media type' })
  async content(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { doc, bytes } = await this.documents.content(id, user);
    res.setHeader('content-type', doc.mediaType);
    res.setHeader('content-length', String(bytes.length));
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('etag', `"${doc.sha256}"`);
    res.attachment(doc.name);
    res.end(bytes);
  }
}

/** busboy reads a plain `filename=` as latin1; browsers and fetch send UTF-8 bytes there. */
function fileName(raw: string): string {
  return [...raw].every((c) => c.charCodeAt(0) <= 0xff) ? Buffer.from(raw, 'latin1').toString('utf8') : raw;
}

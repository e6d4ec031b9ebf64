import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@tthc/contracts';
import { SigningErrorCode } from '@tthc/signing';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { parseInput } from '../common/validation/parse-input.util';
import { DocumentAccess } from '../documents/document-access';
import { UploadInterceptor, type UploadRequest } from '../documents/upload.interceptor';
import { SignDocumentUseCase } from './sign-document.usecase';
import { isPdfBytes, SignatureVerifier } from './signature-verifier';
import { mapSigningErrors } from './signing-error.mapper';

const SignBody = z.object({ reason: z.string().trim().min(1).max(200).optional(), visible: z.boolean().optional() }).strict();
const uuid = new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('document') });

@ApiTags('signatures')
@ApiBearerAuth()
@Controller()
export class SignaturesController {
  constructor(
    private readonly sign: SignDocumentUseCase,
    private readonly verifier: SignatureVerifier,
    private readonly access: DocumentAccess,
  ) {}

  @Post('documents/:id/sign')
  @HttpCode(201)
  @ApiOperation({ summary: "Sign as the current officer (PAdES → new version; other files → detached .p7s sibling); returns the report" })
  @ApiBody({ schema: { type: 'object', properties: { reason: { type: 'string' }, visible: { type: 'boolean' } } } })
  signDocument(@Param('id', uuid) id: string, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    const cmd = parseInput(SignBody, body ?? {});
    return this.sign.execute({ documentId: id, ...cmd }, user);
  }

  @Get('documents/:id/signatures')
  @ApiOperation({ summary: 'Verification report of the stored version (re-verified now)' })
  async report(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    const { doc } = await this.access.document(id, user, 'read');
    const report = await mapSigningErrors(() => this.verifier.stored(doc));
    return { documentId: doc.id, sha256: doc.sha256, ...report };
  }

  @Post('signatures/verify')
  @HttpCode(200)
  @UseInterceptors(UploadInterceptor)
  @ApiOperation({ summary: 'Verify an uploaded signed PDF, or a file plus its detached signature (field `signature`)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, signature: { type: 'string', format: 'binary' } } } })
  verify(@Req() req: UploadRequest) {
    const file = req.files?.file?.[0];
    const signature = req.files?.signature?.[0];
    if (!file) throw ApiError.badRequest('send the file as multipart/form-data field "file" (and a detached signature as "signature")');
    if (signature) return mapSigningErrors(() => this.verifier.detached(file.buffer, signature.buffer));
    if (!isPdfBytes(file.buffer)) {
      throw new ApiError(SigningErrorCode.NOT_A_PDF as unknown as ErrorCode, 'the file is not a PDF; send its detached signature as field "signature"', undefined, 422);
    }
    return mapSigningErrors(() => this.verifier.pdf(file.buffer));
  }
}

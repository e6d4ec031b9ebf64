import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/auth.decorators';
import { parseInput } from '../common/validation/parse-input.util';
import { CompleteTokenSignatureUseCase } from './complete-token-signature.usecase';
import { PrepareTokenSignatureUseCase } from './prepare-token-signature.usecase';

const base64 = z.string().trim().min(1).max(4_000_000).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 expected');
const PrepareBody = z.object({ certificate: base64, reason: z.string().trim().min(1).max(200).optional(), visible: z.boolean().optional() }).strict();
const CompleteBody = z.object({ handle: z.string().trim().min(1).max(64), signature: base64, chain: z.array(base64).max(8).optional() }).strict();

/**
 * Signing with the officer's own token (docs/signing.md, "Officer-held token"): prepare
 * answers the bytes to sign and a handle, a local signing agent signs them on the token,
 * complete embeds, verifies and stores the signed version.
 */
@ApiTags('signatures')
@ApiBearerAuth()
@Controller('dossiers/:id/documents/:docId/signatures')
export class TokenSignaturesController {
  constructor(
    private readonly prepareUseCase: PrepareTokenSignatureUseCase,
    private readonly completeUseCase: CompleteTokenSignatureUseCase,
  ) {}

  @Post('prepare')
  @HttpCode(201)
  @ApiOperation({ summary: "Prepare a PAdES signature with the officer's token certificate; returns the signed attributes to sign and a handle" })
  @ApiBody({ schema: { type: 'object', required: ['certificate'], properties: { certificate: { type: 'string', format: 'byte' }, reason: { type: 'string' }, visible: { type: 'boolean' } } } })
  prepare(@Param('id') id: string, @Param('docId') docId: string, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.prepareUseCase.execute({ dossierId: id, documentId: docId, ...parseInput(PrepareBody, body ?? {}) }, user);
  }

  @Post('complete')
  @HttpCode(201)
  @ApiOperation({ summary: 'Complete a prepared signature with the signature from the token; embeds, verifies and stores the signed version' })
  @ApiBody({ schema: { type: 'object', required: ['handle', 'signature'], properties: { handle: { type: 'string' }, signature: { type: 'string', format: 'byte' }, chain: { type: 'array', items: { type: 'string', format: 'byte' } } } } })
  complete(@Param('id') id: string, @Param('docId') docId: string, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.completeUseCase.execute({ dossierId: id, documentId: docId, ...parseInput(CompleteBody, body ?? {}) }, user);
  }
}

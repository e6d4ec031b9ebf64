import { Controller, Post, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@tthc/contracts';
import type { Request } from 'express';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { DeclaredSizeInterceptor } from './declared-size.interceptor';
import { DeployBpmnUseCase, type DeployResult } from './deploy-bpmn.usecase';

export const XML_TYPES = ['application/xml', 'text/xml', 'application/bpmn+xml', 'application/octet-stream'];

@ApiTags('deployments')
@ApiBearerAuth()
@Controller('deployments')
export class DeploymentsController {
  constructor(private readonly deploy: DeployBpmnUseCase) {}

  @Post()
  @Roles('analyst', 'admin')
  @UseInterceptors(DeclaredSizeInterceptor, FileInterceptor('file'))
  @ApiOperation({ summary: 'Deploy BPMN: raw XML body or multipart field `file`' })
  @ApiConsumes('application/xml', 'multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  create(
    @Req() req: Request,
    @UploadedFile() file: { buffer: Buffer; originalname?: string } | undefined,
    @CurrentUser() user: AuthUser,
  ): Promise<DeployResult> {
    if (file) return this.deploy.execute(file.buffer.toString('utf8'), user, file.originalname);
    if (req.is('multipart/form-data')) throw ApiError.badRequest('the multipart upload has no field "file" with the BPMN XML');
    if (!req.is(XML_TYPES)) {
      throw new ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'send BPMN as application/xml or multipart/form-data (field "file")');
    }
    if (typeof req.body === 'string') return this.deploy.execute(req.body, user);
    if (Buffer.isBuffer(req.body)) return this.deploy.execute(req.body.toString('utf8'), user);
    throw ApiError.badRequest('the BPMN XML body is empty');
  }
}

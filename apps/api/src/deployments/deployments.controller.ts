import { Controller, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@tthc/contracts';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { parseFormFile, parseFormSchemas } from '../forms/deployment-forms';
import { DeclaredSizeInterceptor } from './declared-size.interceptor';
import { DeploymentUploadInterceptor, type DeploymentRequest } from './deployment-upload.interceptor';
import { DeployBpmnUseCase, type DeployResult } from './deploy-bpmn.usecase';

export const XML_TYPES = ['application/xml', 'text/xml', 'application/bpmn+xml', 'application/octet-stream'];

@ApiTags('deployments')
@ApiBearerAuth()
@Controller('deployments')
export class DeploymentsController {
  constructor(private readonly deploy: DeployBpmnUseCase) {}

  @Post()
  @Roles('analyst', 'admin')
  @UseInterceptors(DeclaredSizeInterceptor, DeploymentUploadInterceptor)
  @ApiOperation({ summary: 'Deploy BPMN: raw XML body, or multipart field `file` (+ any number of `forms`: form-js schema files)' })
  @ApiConsumes('application/xml', 'multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, forms: { type: 'array', items: { type: 'string', format: 'binary' } } } } })
  create(
    @Req() req: DeploymentRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<DeployResult> {
    const files = req.files;
    const file = files?.file?.[0];
    if (file) {
      const forms = parseFormSchemas((files?.forms ?? []).map((f, i) => parseFormFile(f.buffer.toString('utf8'), f.originalname ?? `forms[${i}]`)));
      return this.deploy.execute(file.buffer.toString('utf8'), user, file.originalname, undefined, forms);
    }
    if (req.is('multipart/form-data')) throw ApiError.badRequest('the multipart upload has no field "file" with the BPMN XML');
    if (!req.is(XML_TYPES)) {
      throw new ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'send BPMN as application/xml or multipart/form-data (field "file")');
    }
    if (typeof req.body === 'string') return this.deploy.execute(req.body, user);
    if (Buffer.isBuffer(req.body)) return this.deploy.execute(req.body.toString('utf8'), user);
    throw ApiError.badRequest('the BPMN XML body is empty');
  }
}


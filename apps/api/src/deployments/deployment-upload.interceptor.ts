import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import bytes from 'bytes';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { ApiError } from '../common/errors/api-error';
import { API_CONFIG } from '../common/tokens';
import type { ApiConfig } from '../config/api-config';

/** form-js schemas one deployment may carry (`forms` parts) */
export const MAX_DEPLOYMENT_FORMS = 100;

/** A multipart part after DeploymentUploadInterceptor ran. */
export interface DeploymentPart {
  buffer: Buffer;
  originalname?: string;
}
export type DeploymentRequest = Request & { files?: Partial<Record<'file' | 'forms', DeploymentPart[]>> };

/**
 * Multipart parser of a deployment: `file` (the BPMN, one) and `forms` (form-js schemas, up to
 * MAX_DEPLOYMENT_FORMS), each within the API's body limit (multer's LIMIT_FILE_SIZE → 413).
 * Written out because the module-wide multer options allow one file, and FileFieldsInterceptor
 * takes its limits at decoration time while the limit is runtime configuration.
 */
@Injectable()
export class DeploymentUploadInterceptor implements NestInterceptor {
  private readonly handler: ReturnType<ReturnType<typeof multer>['fields']>;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.handler = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: bytes.parse(config.maxBody) ?? 10 * 1024 * 1024, files: 1 + MAX_DEPLOYMENT_FORMS },
    }).fields([
      { name: 'file', maxCount: 1 },
      { name: 'forms', maxCount: MAX_DEPLOYMENT_FORMS },
    ]);
  }

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<Request>();
    if (req.is('multipart/form-data')) {
      await new Promise<void>((done, fail) =>
        this.handler(req, http.getResponse<Response>(), (err?: unknown) => (err ? fail(asClientError(err)) : done())),
      );
    }
    return next.handle();
  }
}

/** multer's own errors (limits, unexpected field) keep their mapping; busboy's parse errors are the client's 400 */
function asClientError(err: unknown): unknown {
  if (err instanceof multer.MulterError) return err;
  return ApiError.badRequest('the multipart upload is not valid', { reason: (err as Error)?.message?.slice(0, 200) });
}

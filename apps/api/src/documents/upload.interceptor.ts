import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { ApiError } from '../common/errors/api-error';
import { DOCUMENTS_CONFIG, type DocumentsConfig } from './documents-config';

/** multer's own errors (limits) keep their mapping; busboy's parse errors (malformed part header, NUL in a file name…) are the client's 400 */
function asClientError(err: unknown): unknown {
  if (err instanceof multer.MulterError) return err;
  return ApiError.badRequest('the multipart upload is not valid', { reason: (err as Error)?.message?.slice(0, 200) });
}

export interface UploadedPart {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

/** Multer parts on the request after UploadInterceptor ran. */
export type UploadRequest = Request & { files?: Record<string, UploadedPart[]> };

/**
 * Multipart parser for documents with the upload limit (TTHC_MAX_UPLOAD) rather than the
 * API's general body limit: fields `file` and `signature` (a detached .p7s), one each.
 * Held in memory and refused above the limit (multer's LIMIT_FILE_SIZE → 413) before
 * anything is stored. Written out because FileInterceptor takes its options at decoration
 * time, and the limit is runtime configuration.
 */
@Injectable()
export class UploadInterceptor implements NestInterceptor {
  private readonly handler: ReturnType<ReturnType<typeof multer>['fields']>;

  constructor(@Inject(DOCUMENTS_CONFIG) config: DocumentsConfig) {
    this.handler = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: config.maxUploadBytes, files: 2, fields: 10, fieldSize: 64 * 1024 },
    }).fields([
      { name: 'file', maxCount: 1 },
      { name: 'signature', maxCount: 1 },
    ]);
  }

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = ctx.switchToHttp();
    await new Promise<void>((done, fail) =>
      this.handler(http.getRequest<Request>(), http.getResponse<Response>(), (err?: unknown) => (err ? fail(asClientError(err)) : done())),
    );
    return next.handle();
  }
}

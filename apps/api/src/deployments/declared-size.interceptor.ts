import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ErrorCode } from '@tthc/contracts';
import bytes from 'bytes';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ApiError } from '../common/errors/api-error';
import { API_CONFIG } from '../common/tokens';
import type { ApiConfig } from '../config/api-config';

/** room for multipart boundaries and part headers around a file of exactly the limit */
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * Refuses a multipart deployment from its Content-Length before multer reads a byte:
 * multer only notices an oversized file after buffering up to the limit, and waits for
 * as long as the client keeps sending. (Raw XML bodies get the same early 413 from
 * body-parser.) Runs before FileInterceptor; chunked bodies still meet multer's limit.
 */
@Injectable()
export class DeclaredSizeInterceptor implements NestInterceptor {
  private readonly limit: number;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.limit = (bytes.parse(config.maxBody) ?? 10 * 1024 * 1024) + MULTIPART_OVERHEAD;
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const declared = Number(ctx.switchToHttp().getRequest<Request>().headers['content-length']);
    if (declared > this.limit) throw new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, 'request body is too large');
    return next.handle();
  }
}

import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { ErrorCode, type ErrorBody, type StepRefusalCode } from '@tthc/contracts';
import { InvalidCursorError } from '@tthc/persistence';
import type { Response } from 'express';
import { ZodError } from 'zod';
import { DossierError, toHttpError } from '../../dossiers/dossier.errors';
import { ApiError } from './api-error';

const HTTP_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_REQUEST,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  422: ErrorCode.VALIDATION_FAILED,
  503: ErrorCode.ENGINE_UNAVAILABLE,
};

/** body-parser / multer / raw errors carry a status or type but are not HttpExceptions */
interface TransportError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
  expose?: boolean;
}

/**
 * The one place errors become HTTP responses: typed errors keep their code, framework
 * and transport errors are mapped to the same JSON shape, anything else is a 500
 * whose cause goes to the log only. Never a stack trace in a response.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly log = new Logger('errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.toBody(exception);
    if (status >= 500 && status !== 503) this.log.error(exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) return;
    res.status(status).json(body);
  }

  toBody(e: unknown): [number, ErrorBody] {
    if (e instanceof DossierError) return this.toBody(toHttpError(e));
    if (e instanceof ApiError) return [e.status, body(e.code, e.message, e.details)];
    if (e instanceof ZodError) {
      const details = e.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return [400, body(ErrorCode.VALIDATION_FAILED, 'request is not valid', details)];
    }
    if (e instanceof InvalidCursorError) return [400, body(ErrorCode.BAD_REQUEST, e.message)];
    const db = databaseRefusal(e);
    if (db) return db;
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const response = e.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? e.message);
      return [status, body(HTTP_CODES[status] ?? (status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST), text(message))];
    }
    const t = (e ?? {}) as TransportError;
    if (t.type === 'entity.too.large' || t.code === 'LIMIT_FILE_SIZE' || t.status === 413) {
      return [413, body(ErrorCode.PAYLOAD_TOO_LARGE, 'request body is too large')];
    }
    if (t.type === 'entity.parse.failed') return [400, body(ErrorCode.BAD_REQUEST, 'request body is not valid JSON')];
    if (t.type === 'encoding.unsupported' || t.type === 'charset.unsupported') {
      return [415, body(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'unsupported body encoding')];
    }
    if (typeof t.code === 'string' && t.code.startsWith('LIMIT_')) {
      return [400, body(ErrorCode.BAD_REQUEST, 'multipart upload is not valid')];
    }
    const status = t.status ?? t.statusCode;
    if (t.expose && typeof status === 'number' && status >= 400 && status < 500) {
      return [status, body(HTTP_CODES[status] ?? ErrorCode.BAD_REQUEST, 'request is not valid')];
    }
    return [500, body(ErrorCode.INTERNAL, 'internal error')];
  }
}

/** driver error codes of a database that refuses writes */
const READ_ONLY = /^SQLITE_(READONLY|FULL|CANTOPEN)|^(25006|53100|53200)$/;
/**
 * A database that cannot be reached: socket errors of the driver, PostgreSQL's "admin shutdown",
 * "crash shutdown", "cannot connect now" (starting up, crash recovery), connection exceptions
 * (class 08) and "too many connections"; pg's own messages for a connection cut under it.
 */
const UNREACHABLE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|57P01|57P02|57P03|08\w{3}|53300)$/;
const UNREACHABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable/i;

/**
 * Database refusals that are not bugs: a read-only (or full) database is 503 with its own
 * code; text PostgreSQL cannot store (NUL, too long for its column) is the client's 400 —
 * a safety net behind the validation that should have caught it first.
 */
function databaseRefusal(e: unknown): [number, ErrorBody] | undefined {
  const err = e as { name?: string; code?: string; message?: string; driverError?: { code?: string; message?: string } };
  if (!err || typeof err !== 'object' || e instanceof HttpException) return undefined;
  const code = String(err.driverError?.code ?? err.code ?? '');
  if (UNREACHABLE.test(code) || UNREACHABLE_MESSAGE.test(String(err.driverError?.message ?? err.message ?? ''))) {
    return [503, body(ErrorCode.DATABASE_UNAVAILABLE, 'the database cannot be reached right now; nothing was changed, try again shortly')];
  }
  if (!code || (err.name !== 'QueryFailedError' && !code.startsWith('SQLITE_'))) return undefined;
  if (READ_ONLY.test(code)) return [503, body(ErrorCode.DATABASE_READ_ONLY, 'the database does not accept changes right now (read-only); nothing was changed')];
  if (code === '22021' || code === '22P05') return [400, body(ErrorCode.BAD_REQUEST, 'text contains characters the database cannot store')];
  if (code === '22001') return [400, body(ErrorCode.VALIDATION_FAILED, 'a value is too long')];
  return undefined;
}

function body(code: ErrorCode | StepRefusalCode, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

function text(message: unknown): string {
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : 'request failed';
}

import { ErrorCode, type StepRefusalCode } from '@tthc/contracts';

const STATUS: Record<string, number> = {
  [ErrorCode.BAD_REQUEST]: 400,
  [ErrorCode.VALIDATION_FAILED]: 400,
  [ErrorCode.BPMN_INVALID]: 422,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.TASK_ALREADY_COMPLETED]: 409,
  [ErrorCode.TASK_COMPLETING]: 409,
  [ErrorCode.TASK_NOT_CLAIMED]: 409,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.ENGINE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL]: 500,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
  [ErrorCode.MESSAGE_NOT_CORRELATED]: 404,
  [ErrorCode.HISTORY_INVALID]: 422,
  [ErrorCode.AGENCY_MISMATCH]: 403,
  [ErrorCode.PROCESS_AGENCY_CHANGED]: 409,
  [ErrorCode.DATABASE_READ_ONLY]: 503,
  [ErrorCode.FORM_INVALID]: 422,
  [ErrorCode.FORM_NOT_FOUND]: 404,
  [ErrorCode.NOT_UNIT_LEAD]: 403,
  [ErrorCode.REASSIGN_OUTSIDE_UNIT]: 422,
  [ErrorCode.DATABASE_UNAVAILABLE]: 503,
  [ErrorCode.DRAFT_CONFLICT]: 409,
  [ErrorCode.MIGRATION_PENDING]: 409,
};

/** A typed error the global filter turns into `{error:{code,message,details}}`. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    /** an API error code, or the engine's refusal code of a dossier step (answered as is) */
    readonly code: ErrorCode | StepRefusalCode,
    message: string,
    readonly details?: unknown,
    status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status ?? STATUS[code] ?? 500;
  }

  static notFound(what: string, details?: unknown): ApiError {
    return new ApiError(ErrorCode.NOT_FOUND, `${what} not found`, details);
  }

  static forbidden(message = 'not allowed'): ApiError {
    return new ApiError(ErrorCode.FORBIDDEN, message);
  }

  static unauthenticated(message = 'authentication required'): ApiError {
    return new ApiError(ErrorCode.UNAUTHENTICATED, message);
  }

  static badRequest(message: string, details?: unknown): ApiError {
    return new ApiError(ErrorCode.BAD_REQUEST, message, details);
  }
}

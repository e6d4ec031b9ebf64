import { ErrorCode } from '@tthc/contracts';
import { ApiError } from '../common/errors/api-error';

/** What a dossier use case can refuse; mapped once to HTTP by `toHttpError`. */
export enum DossierErrorCode {
  DOSSIER_NOT_FOUND = 'DOSSIER_NOT_FOUND',
  UNKNOWN_PROCEDURE = 'UNKNOWN_PROCEDURE',
  PROCEDURE_NOT_PUBLISHED = 'PROCEDURE_NOT_PUBLISHED',
  PROCESS_NOT_DEPLOYED = 'PROCESS_NOT_DEPLOYED',
  UNKNOWN_UNIT = 'UNKNOWN_UNIT',
  UNIT_NOT_ALLOWED = 'UNIT_NOT_ALLOWED',
  AGENCY_NOT_ALLOWED = 'AGENCY_NOT_ALLOWED',
  CHANNEL_NOT_ALLOWED = 'CHANNEL_NOT_ALLOWED',
  ROLE_NOT_ALLOWED = 'ROLE_NOT_ALLOWED',
  DOSSIER_CLOSED = 'DOSSIER_CLOSED',
  COMPONENT_NOT_FOUND = 'COMPONENT_NOT_FOUND',
  DOCUMENT_NOT_REUSABLE = 'DOCUMENT_NOT_REUSABLE',
  FORM_NOT_ISSUED = 'FORM_NOT_ISSUED',
  NOT_AWAITING_SUPPLEMENT = 'NOT_AWAITING_SUPPLEMENT',
  NOT_RUNNING = 'NOT_RUNNING',
}

export class DossierError extends Error {
  constructor(
    readonly code: DossierErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DossierError';
  }
}

function assertUnreachable(x: never): never {
  throw new Error(`unmapped dossier error ${String(x)}`);
}

function statusOf(code: DossierErrorCode): number {
  switch (code) {
    case DossierErrorCode.DOSSIER_NOT_FOUND:
    case DossierErrorCode.COMPONENT_NOT_FOUND:
    case DossierErrorCode.FORM_NOT_ISSUED:
      return 404;
    case DossierErrorCode.UNKNOWN_PROCEDURE:
    case DossierErrorCode.UNKNOWN_UNIT:
    case DossierErrorCode.DOCUMENT_NOT_REUSABLE:
      return 422;
    case DossierErrorCode.UNIT_NOT_ALLOWED:
    case DossierErrorCode.AGENCY_NOT_ALLOWED:
    case DossierErrorCode.CHANNEL_NOT_ALLOWED:
    case DossierErrorCode.ROLE_NOT_ALLOWED:
      return 403;
    case DossierErrorCode.PROCESS_NOT_DEPLOYED:
    case DossierErrorCode.DOSSIER_CLOSED:
    case DossierErrorCode.NOT_AWAITING_SUPPLEMENT:
    case DossierErrorCode.NOT_RUNNING:
    case DossierErrorCode.PROCEDURE_NOT_PUBLISHED:
      return 409;
    default:
      return assertUnreachable(code);
  }
}

/** The one mapping of dossier refusals to the API's error body. */
export function toHttpError(e: DossierError): ApiError {
  return new ApiError(e.code as unknown as ErrorCode, e.message, e.details, statusOf(e.code));
}

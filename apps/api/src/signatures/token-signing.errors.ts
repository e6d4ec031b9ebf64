import type { ErrorCode } from '@tthc/contracts';
import { ApiError } from '../common/errors/api-error';

/** What the token signing flow (prepare → sign on the officer's token → complete) refuses. */
export enum TokenSigningErrorCode {
  /** the document is not in this dossier, or not a PDF version that can still be signed */
  DOCUMENT_NOT_SIGNABLE = 'DOCUMENT_NOT_SIGNABLE',
  /** the certificate is not the officer's (its common name is not the officer's full name) */
  SIGNER_MISMATCH = 'SIGNER_MISMATCH',
  /** the certificate is expired or not yet valid now */
  CERTIFICATE_NOT_VALID = 'CERTIFICATE_NOT_VALID',
  /** the handle does not exist or belongs to another officer / document */
  SIGNATURE_SESSION_NOT_FOUND = 'SIGNATURE_SESSION_NOT_FOUND',
  SIGNATURE_SESSION_EXPIRED = 'SIGNATURE_SESSION_EXPIRED',
  SIGNATURE_ALREADY_COMPLETED = 'SIGNATURE_ALREADY_COMPLETED',
  /** the returned bytes are not the certificate key's signature over the prepared data */
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  /** the embedded signature does not verify (untrusted chain, revoked…): nothing stored */
  SIGNATURE_NOT_ACCEPTED = 'SIGNATURE_NOT_ACCEPTED',
}

function assertUnreachable(x: never): never {
  throw new Error(`unmapped token signing error ${String(x)}`);
}

function statusOf(code: TokenSigningErrorCode): number {
  switch (code) {
    case TokenSigningErrorCode.SIGNATURE_SESSION_NOT_FOUND:
      return 404;
    case TokenSigningErrorCode.SIGNATURE_ALREADY_COMPLETED:
      return 409;
    case TokenSigningErrorCode.SIGNATURE_SESSION_EXPIRED:
      return 410;
    case TokenSigningErrorCode.DOCUMENT_NOT_SIGNABLE:
    case TokenSigningErrorCode.SIGNER_MISMATCH:
    case TokenSigningErrorCode.CERTIFICATE_NOT_VALID:
    case TokenSigningErrorCode.SIGNATURE_INVALID:
    case TokenSigningErrorCode.SIGNATURE_NOT_ACCEPTED:
      return 422;
    default:
      return assertUnreachable(code);
  }
}

/** The one mapping of token signing refusals to the API's error body (status by an exhaustive switch). */
export class TokenSigningError extends ApiError {
  constructor(code: TokenSigningErrorCode, message: string, details?: unknown) {
    super(code as unknown as ErrorCode, message, details, statusOf(code));
    this.name = 'TokenSigningError';
  }
}

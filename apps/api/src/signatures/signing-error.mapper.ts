import { ErrorCode } from '@tthc/contracts';
import { BlobTooLargeError, DocumentVersionConflictError } from '@tthc/persistence';
import { isSigningError, SigningErrorCode } from '@tthc/signing';
import { ApiError } from '../common/errors/api-error';

/** The file itself is wrong: the caller can fix it (422). */
const BAD_FILE = new Set<string>([
  SigningErrorCode.NOT_A_PDF,
  SigningErrorCode.ENCRYPTED_PDF,
  SigningErrorCode.MALFORMED_PDF,
  SigningErrorCode.CORRUPTED_CMS,
  SigningErrorCode.NO_SIGNATURE,
  SigningErrorCode.INVALID_INPUT,
  SigningErrorCode.SIGNATURE_TOO_LARGE,
]);
/** The officer's key cannot be used (409: a state of the account/token, not of the request). */
const KEY_STATE = new Set<string>([
  SigningErrorCode.KEY_NOT_FOUND,
  SigningErrorCode.WRONG_PIN,
  SigningErrorCode.WRONG_PASSWORD,
  SigningErrorCode.UNSUPPORTED_KEY,
]);

/**
 * What the caller is told for errors whose library message describes the parser's insides
 * (pdf-lib/asn1 text, offsets): a fixed sentence; the library message goes to the log only.
 */
const PUBLIC_MESSAGE: Record<string, string> = {
  [SigningErrorCode.MALFORMED_PDF]: 'the PDF cannot be read: it is damaged or not a standard PDF',
  [SigningErrorCode.CORRUPTED_CMS]: 'the signature data cannot be read: it is damaged',
};

/**
 * Library and store errors → typed API errors. Signing codes (`SIGNING_*`, stable, from
 * libs/signing) are passed through as the error code so clients can tell an encrypted
 * PDF from a missing key; the status says who must act.
 */
export function toApiError(err: unknown): unknown {
  if (err instanceof BlobTooLargeError) return new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, err.message);
  if (err instanceof DocumentVersionConflictError) {
    return new ApiError(ErrorCode.CONFLICT, `${err.message}: sign the current version`, { documentId: err.documentId });
  }
  if (!isSigningError(err)) return err;
  const status = BAD_FILE.has(err.code) ? 422 : KEY_STATE.has(err.code) ? 409 : err.code === SigningErrorCode.TIMESTAMP_FAILED || err.code === SigningErrorCode.TOKEN_ERROR ? 503 : 500;
  // the signing code is a stable error code of its own (ErrorBody allows any string code)
  if (status === 500) return new ApiError(err.code as unknown as ErrorCode, 'signing failed', undefined, 500);
  const publicMessage = PUBLIC_MESSAGE[err.code];
  return new ApiError(err.code as unknown as ErrorCode, publicMessage ?? err.message, publicMessage ? undefined : err.details, status);
}

/** Runs `fn`, rethrowing library errors as API errors. */
export async function mapSigningErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toApiError(err);
  }
}

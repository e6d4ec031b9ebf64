/**
 * Typed errors of the signing library. `code` is stable (API and CLI print it);
 * `message` is a sentence a person can act on.
 */
export const SigningErrorCode = {
  NOT_A_PDF: 'SIGNING_NOT_A_PDF',
  ENCRYPTED_PDF: 'SIGNING_ENCRYPTED_PDF',
  MALFORMED_PDF: 'SIGNING_MALFORMED_PDF',
  WRONG_PIN: 'SIGNING_WRONG_PIN',
  WRONG_PASSWORD: 'SIGNING_WRONG_PASSWORD',
  KEY_NOT_FOUND: 'SIGNING_KEY_NOT_FOUND',
  TOKEN_ERROR: 'SIGNING_TOKEN_ERROR',
  CORRUPTED_CMS: 'SIGNING_CORRUPTED_CMS',
  NO_SIGNATURE: 'SIGNING_NO_SIGNATURE',
  TIMESTAMP_FAILED: 'SIGNING_TIMESTAMP_FAILED',
  STAMP_FONT_MISSING: 'SIGNING_STAMP_FONT_MISSING',
  SIGNATURE_TOO_LARGE: 'SIGNING_SIGNATURE_TOO_LARGE',
  UNSUPPORTED_KEY: 'SIGNING_UNSUPPORTED_KEY',
  INVALID_INPUT: 'SIGNING_INVALID_INPUT',
} as const;
export type SigningErrorCode = (typeof SigningErrorCode)[keyof typeof SigningErrorCode];

export class SigningError extends Error {
  constructor(
    readonly code: SigningErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'SigningError';
  }
}

export const isSigningError = (e: unknown): e is SigningError => e instanceof SigningError;

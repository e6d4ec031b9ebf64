/**
 * Typed errors of the documents library. `code` is stable (the API maps it once to HTTP);
 * `message` is a sentence a person can act on; `details` lists the offending fields.
 */
export const DocumentsErrorCode = {
  /** The form data is incomplete or inconsistent (`details.issues`: path + message). */
  INVALID_FORM_DATA: 'DOCUMENTS_INVALID_FORM_DATA',
  /** No template of that kind is registered for the date or id asked. */
  TEMPLATE_NOT_FOUND: 'DOCUMENTS_TEMPLATE_NOT_FOUND',
  /** An explicit template was given for another kind of form. */
  TEMPLATE_KIND_MISMATCH: 'DOCUMENTS_TEMPLATE_KIND_MISMATCH',
} as const;
export type DocumentsErrorCode = (typeof DocumentsErrorCode)[keyof typeof DocumentsErrorCode];

export class DocumentsError extends Error {
  constructor(
    readonly code: DocumentsErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DocumentsError';
  }
}

export const isDocumentsError = (e: unknown): e is DocumentsError => e instanceof DocumentsError;

import { ErrorCode } from '@tthc/contracts';
import { SigningErrorCode } from '@tthc/signing';
import { ApiError } from '../common/errors/api-error';
import { isPdfBytes, PDF_TYPE } from '../signatures/signature-verifier';

/** The sniffed type wins over the declared one; a file declared as PDF must be one. */
export function resolveMediaType(bytes: Buffer, declared: string, name: string): string {
  if (isPdfBytes(bytes)) return PDF_TYPE;
  if (declared === PDF_TYPE || /\.pdf$/i.test(name)) {
    throw new ApiError(SigningErrorCode.NOT_A_PDF as unknown as ErrorCode, 'the file is declared as PDF but is not a PDF', undefined, 422);
  }
  // only a plain type/subtype is kept (it is sent back as Content-Type)
  return /^[\w.+-]+\/[\w.+-]+$/.test(declared) ? declared.toLowerCase() : 'application/octet-stream';
}

import { promises as fs } from 'node:fs';
import { signDetached, verifyDetached } from '../detached/cades-detached';
import { SigningError, SigningErrorCode } from '../errors';
import { SigningKeyProvider } from '../keys/signing-key-provider';
import { signPdf, PdfSignOptions } from '../pdf/pdf-signer';
import { verifyPdf } from '../pdf/pdf-verifier';
import { writeFileAtomic } from '../util/atomic-write';
import { VerificationReport, VerifyOptions } from '../verification-report';

async function read(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(path));
  } catch (e) {
    throw new SigningError(SigningErrorCode.INVALID_INPUT, `Cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export interface SignFileOptions extends Omit<PdfSignOptions, 'provider'> {
  input: string;
  output: string;
  provider: SigningKeyProvider;
  /** `pdf` (PAdES, default) or `detached` (CAdES .p7s for any file). */
  format?: 'pdf' | 'detached';
}

/**
 * Signs a file and writes the result atomically (temp file + rename): on any error the
 * output path is left as it was — never half-written.
 */
export async function signFile(opts: SignFileOptions): Promise<{ output: string; format: 'pdf' | 'detached' }> {
  const input = await read(opts.input, 'input file');
  const format = opts.format ?? 'pdf';
  const { input: _i, output, format: _f, ...signOpts } = opts;
  const result = format === 'pdf' ? (await signPdf(input, signOpts)).pdf : await signDetached(input, signOpts);
  await writeFileAtomic(output, result);
  return { output, format };
}

/** Verifies a signed PDF, or `file` against a detached signature when `signature` is given. */
export async function verifyFile(file: string, opts: VerifyOptions & { signature?: string }): Promise<VerificationReport> {
  const data = await read(file, 'file');
  if (opts.signature) return verifyDetached(data, await read(opts.signature, 'signature file'), opts);
  return verifyPdf(data, opts);
}

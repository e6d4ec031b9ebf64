import { buildCmsSignature } from '../cms/cms-builder';
import { verifyCms } from '../cms/cms-verifier';
import { SigningError, SigningErrorCode } from '../errors';
import { SigningKeyProvider } from '../keys/signing-key-provider';
import { sha256 } from '../util/bytes';
import { VerificationReport, VerifyOptions } from '../verification-report';

export interface DetachedSignOptions {
  provider: SigningKeyProvider;
  signingTime?: Date;
  tsaUrl?: string;
  fetchImpl?: typeof fetch;
}

/** Detached CAdES (baseline B-B, B-T with a TSA) for any non-PDF file: returns the .p7s (DER). */
export async function signDetached(data: Uint8Array, opts: DetachedSignOptions): Promise<Uint8Array> {
  const { der } = await buildCmsSignature({
    contentDigest: await sha256(data),
    provider: opts.provider,
    signingTime: opts.signingTime ?? new Date(),
    tsaUrl: opts.tsaUrl,
    fetchImpl: opts.fetchImpl,
  });
  return der;
}

/** Verifies a detached CMS/CAdES signature (DER or PEM "CMS"/"PKCS7") over `data`. */
export async function verifyDetached(data: Uint8Array, signature: Uint8Array, opts: VerifyOptions): Promise<VerificationReport> {
  const text = Buffer.from(signature.subarray(0, 64)).toString('latin1');
  let der = signature;
  if (text.startsWith('-----BEGIN')) {
    const b64 = Buffer.from(signature).toString('latin1').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    der = Uint8Array.from(Buffer.from(b64, 'base64'));
  }
  if (!der.length || der[0] !== 0x30) throw new SigningError(SigningErrorCode.CORRUPTED_CMS, 'The signature file is not a CMS/PKCS#7 structure');
  const check = await verifyCms(der, [data], opts);
  const valid = check.intact && check.signatureValid && check.trusted && check.problems.length === 0;
  return { valid, signatures: [{ field: 'detached', ...check, valid }] };
}

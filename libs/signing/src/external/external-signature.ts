import { createPublicKey, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { SigningError, SigningErrorCode } from '../errors';
import { ecdsaRawToDer } from '../keys/single-key-provider';
import type { SignatureAlgorithm } from '../keys/signing-key-provider';

/**
 * Helpers for signatures made OUTSIDE the process (an officer's USB token through
 * `tthc sign-agent`, a vendor's signing plug-in): which algorithm a certificate's key
 * signs with, and whether a returned signature really is that key's signature over the
 * bytes we handed out — checked before anything is embedded or stored.
 */
export function algorithmOfCertificate(certDer: Uint8Array): SignatureAlgorithm {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(certDer));
  } catch {
    throw new SigningError(SigningErrorCode.INVALID_INPUT, 'The signer certificate cannot be read (not a DER X.509 certificate)');
  }
  const key = cert.publicKey;
  if (key.asymmetricKeyType === 'rsa') return 'RSASSA-PKCS1-v1_5-SHA256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ECDSA-P256-SHA256';
  throw new SigningError(SigningErrorCode.UNSUPPORTED_KEY, `Unsupported signer key (${key.asymmetricKeyType}): RSA or EC P-256 only`);
}

/**
 * The signature in the form CMS wants: RSA as is; ECDSA as DER `Ecdsa-Sig-Value` (a raw
 * 64-byte r||s, as PKCS#11 `CKM_ECDSA` and WebCrypto give it, is converted).
 */
export function normaliseSignature(signature: Uint8Array, algorithm: SignatureAlgorithm): Uint8Array {
  if (algorithm === 'ECDSA-P256-SHA256' && signature.length === 64) return ecdsaRawToDer(signature);
  return signature;
}

/** True when `signature` is the certificate key's SHA-256 signature over `data`. */
export function verifyExternalSignature(certDer: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey(new X509Certificate(Buffer.from(certDer)).publicKey.export({ format: 'pem', type: 'spki' }));
  try {
    return cryptoVerify('sha256', Buffer.from(data), key, Buffer.from(signature));
  } catch {
    return false;
  }
}

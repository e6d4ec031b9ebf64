import { X509Certificate } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import { SigningError, SigningErrorCode } from '../errors';

export interface TokenCertificate {
  /** Slot ID of the token */
  slot: number;
  tokenLabel: string;
  /** CKA_LABEL of the certificate (the key carries the same label) */
  label: string;
  /** DER */
  certificate: Uint8Array;
  subject: string;
  commonName: string | null;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** the certificate of an end entity that may sign (not a CA certificate stored beside it) */
  signing: boolean;
}

/**
 * The certificates on every token a PKCS#11 module sees, read WITHOUT logging in
 * (certificates are public objects; no PIN is asked to show the officer what can sign).
 * Initialises and finalises the module itself: do not run it while a Pkcs11KeyProvider is open.
 */
export function listTokenCertificates(module: string): TokenCertificate[] {
  const p11 = new pkcs11js.PKCS11();
  try {
    p11.load(module);
  } catch (e) {
    throw new SigningError(SigningErrorCode.TOKEN_ERROR, `Cannot load PKCS#11 module ${module}: ${(e as Error).message}`);
  }
  try {
    p11.C_Initialize();
  } catch (e) {
    if ((e as { code?: number }).code !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
      throw new SigningError(SigningErrorCode.TOKEN_ERROR, `C_Initialize failed: ${(e as Error).message}`);
    }
  }
  try {
    const out: TokenCertificate[] = [];
    for (const slot of p11.C_GetSlotList(true)) {
      const slotId = Number(slot.readBigUInt64LE(0));
      const info = p11.C_GetTokenInfo(slot);
      // SoftHSM2 (and some readers) always show an empty, uninitialised token: nothing to list there
      if (!(info.flags & pkcs11js.CKF_TOKEN_INITIALIZED)) continue;
      const tokenLabel = info.label.trim();
      const session = p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      try {
        p11.C_FindObjectsInit(session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
          { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
        ]);
        const handles = p11.C_FindObjects(session, 64);
        p11.C_FindObjectsFinal(session);
        for (const h of handles) {
          const [value, label] = p11.C_GetAttributeValue(session, h, [{ type: pkcs11js.CKA_VALUE }, { type: pkcs11js.CKA_LABEL }]);
          const der = new Uint8Array(value.value as Buffer);
          const cert = new X509Certificate(Buffer.from(der));
          const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? null;
          out.push({
            slot: slotId,
            tokenLabel,
            label: (label.value as Buffer).toString('utf8'),
            certificate: der,
            subject: cert.subject.replace(/\n/g, ', '),
            commonName: cn,
            issuer: cert.issuer.replace(/\n/g, ', '),
            serialNumber: cert.serialNumber,
            notBefore: new Date(cert.validFrom).toISOString(),
            notAfter: new Date(cert.validTo).toISOString(),
            signing: !cert.ca,
          });
        }
      } finally {
        p11.C_CloseSession(session);
      }
    }
    return out;
  } catch (e) {
    throw e instanceof SigningError ? e : new SigningError(SigningErrorCode.TOKEN_ERROR, `Token error: ${(e as Error).message}`);
  } finally {
    p11.C_Finalize();
  }
}

import type { DocumentView } from './documents';

/**
 * Signing with the officer's own token (USB token / smart card): the API prepares the PDF
 * and hands out the bytes to sign, a local signing agent (`tthc sign-agent`, or a vendor's
 * plug-in speaking the same agent protocol) signs them with the token, the API embeds and
 * verifies the CMS. All binary values are base64 (standard alphabet). Pure data.
 */

/** POST /dossiers/:id/documents/:docId/signatures/prepare */
export interface PrepareTokenSignatureRequest {
  /** DER of the signer certificate, as the agent lists it */
  certificate: string;
  reason?: string;
  /** visible stamp (default true) */
  visible?: boolean;
}

export type TokenSignatureAlgorithm = 'RSASSA-PKCS1-v1_5-SHA256' | 'ECDSA-P256-SHA256';

export interface PreparedTokenSignature {
  /** short-lived handle for `complete` */
  handle: string;
  expiresAt: string;
  documentId: string;
  algorithm: TokenSignatureAlgorithm;
  /**
   * DER `SET OF` signed attributes: what the token signs (CKM_SHA256_RSA_PKCS / SHA-256 then
   * CKM_ECDSA). Plug-ins that only sign a hash sign `digest` instead (RSA: PKCS#1 v1.5 with the
   * SHA-256 DigestInfo) — the result is the same signature.
   */
  signedAttributes: string;
  /** SHA-256 of `signedAttributes` */
  digest: string;
  digestAlgorithm: 'SHA-256';
}

/** POST /dossiers/:id/documents/:docId/signatures/complete */
export interface CompleteTokenSignatureRequest {
  handle: string;
  /** RSA PKCS#1 v1.5 signature, or ECDSA as DER or raw r||s */
  signature: string;
  /** issuer certificates to embed (DER), signer first or not at all */
  chain?: string[];
}

export interface TokenSignatureReport {
  valid: boolean;
  signatures: Array<{ signer: string; signedAt?: string; valid: boolean; trusted: boolean; problems: Array<{ code: string; message: string }> }>;
}

export interface CompletedTokenSignature {
  /** the signed PDF, stored as the next version of the document */
  document: DocumentView;
  report: TokenSignatureReport;
}

/** The local signing agent's protocol (http://127.0.0.1:<port>, `Authorization: Bearer <pairing code>`). */
export const SIGN_AGENT_PROTOCOL = 'tthc-sign-agent/1';
export const SIGN_AGENT_DEFAULT_PORT = 8787;

/** GET /v1/certificates */
export interface SignAgentCertificate {
  /** opaque id for /v1/sign */
  id: string;
  tokenLabel: string;
  label: string;
  subject: string;
  commonName: string | null;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** DER, base64 */
  certificate: string;
}

/** POST /v1/sign */
export interface SignAgentSignRequest {
  certificateId: string;
  /** bytes to sign (base64): the prepared signed attributes */
  data: string;
  /** the token's user PIN (omitted when the agent was started with one) */
  pin?: string;
}

export interface SignAgentSignResponse {
  signature: string;
  algorithm: TokenSignatureAlgorithm;
  /** signer first, then the other certificates on the token (DER, base64) */
  chain: string[];
}

/** Error codes the agent answers with (`{error:{code,message}}`). */
export const SignAgentErrorCode = {
  UNAUTHORIZED: 'AGENT_UNAUTHORIZED',
  ORIGIN_NOT_ALLOWED: 'AGENT_ORIGIN_NOT_ALLOWED',
  BAD_REQUEST: 'AGENT_BAD_REQUEST',
  CERTIFICATE_NOT_FOUND: 'AGENT_CERTIFICATE_NOT_FOUND',
  PIN_REQUIRED: 'AGENT_PIN_REQUIRED',
  WRONG_PIN: 'SIGNING_WRONG_PIN',
  TOKEN_ERROR: 'SIGNING_TOKEN_ERROR',
} as const;

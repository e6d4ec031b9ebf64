/** What a verifier says about one signature and about the whole file. */
export interface Problem {
  code:
    | 'DIGEST_MISMATCH'
    | 'BAD_SIGNATURE'
    | 'BYTE_RANGE_INVALID'
    | 'MODIFIED_AFTER_SIGNING'
    | 'CORRUPTED_CMS'
    | 'SIGNER_CERT_MISSING'
    | 'SIGNING_CERT_ATTR_MISMATCH'
    | 'UNTRUSTED_CHAIN'
    | 'CERT_EXPIRED'
    | 'CERT_NOT_YET_VALID'
    | 'KEY_USAGE'
    | 'REVOKED'
    | 'TIMESTAMP_INVALID'
    | 'UNSUPPORTED_ALGORITHM';
  message: string;
}

export type RevocationStatus = 'good' | 'revoked' | 'unknown';

export interface SignatureReport {
  /** PDF field name (PAdES) or "detached". */
  field: string;
  /** Signer common name. */
  signer: string;
  signerSubject?: string;
  /** ISO time: from the RFC 3161 token when present, else claimed by the signer. */
  signedAt?: string;
  timeSource: 'timestamp' | 'claimed' | 'none';
  reason?: string;
  /** The signed bytes are exactly what was signed (digest matches, byte range well formed). */
  intact: boolean;
  /** The CMS signature verifies with the signer's public key. */
  signatureValid: boolean;
  /** Chain to a configured anchor, valid at signing time, key usage allowed, not revoked. */
  trusted: boolean;
  /** PDF only: the signature covers the whole file (false when later revisions follow). */
  coversWholeDocument?: boolean;
  /** PDF only: later incremental revisions exist, and what they changed. */
  laterRevisions?: 'none' | 'signatures-only' | 'other-changes';
  timestamped: boolean;
  revocation: RevocationStatus;
  revocationDetail?: string;
  problems: Problem[];
  valid: boolean;
}

export interface VerificationReport {
  valid: boolean;
  signatures: SignatureReport[];
}

export interface VerifyOptions {
  /** DER certificates of the trust anchors (dev root, or the national/official-use roots). */
  trustAnchors: Uint8Array[];
  /** Revocation checking via CRL distribution points (off by default: reported as unknown). */
  revocation?: { enabled: boolean; fetchImpl?: typeof fetch; timeoutMs?: number };
}

/**
 * The port every key source implements (PKCS#12 file, PKCS#11 token/HSM, later a remote
 * signing service). Callers never see a private key: they ask for the certificate chain
 * and for a signature over some bytes.
 */
export type SignatureAlgorithm = 'RSASSA-PKCS1-v1_5-SHA256' | 'ECDSA-P256-SHA256';

export interface SigningKeyProvider {
  /** DER certificates, signer first, then its issuers (the root may be omitted). */
  certificateChain(): Promise<Uint8Array[]>;
  /** Which algorithm `sign` uses for this key. */
  algorithm(): Promise<SignatureAlgorithm>;
  /**
   * Signs `data` (the provider hashes it with SHA-256). RSA: PKCS#1 v1.5 signature;
   * ECDSA: DER-encoded `Ecdsa-Sig-Value`.
   */
  sign(data: Uint8Array, algorithm: SignatureAlgorithm): Promise<Uint8Array>;
  /** Releases sessions / handles (PKCS#11). */
  close?(): Promise<void>;
}

/** OIDs of the CMS signatureAlgorithm for each supported algorithm. */
export const SIGNATURE_ALGORITHM_OID: Record<SignatureAlgorithm, string> = {
  'RSASSA-PKCS1-v1_5-SHA256': '1.2.840.113549.1.1.11',
  'ECDSA-P256-SHA256': '1.2.840.10045.4.3.2',
};

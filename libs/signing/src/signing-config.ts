import * as path from 'node:path';
import { ensureDevPki, DevPkiResult } from './pki/dev-pki-files';
import { loadTrustAnchors } from './pki/trust-anchors';
import { VerifyOptions } from './verification-report';

export interface SigningConfig extends VerifyOptions {
  /** RFC 3161 TSA for PAdES B-T; undefined → baseline B-B. */
  tsaUrl?: string;
  /** Set when the embedded development PKI is in use (no production anchors configured). */
  devPki?: DevPkiResult;
  trustAnchorFiles: string[];
}

/**
 * Signing configuration from the environment:
 * - `TTHC_TRUST_ANCHORS` — PEM/DER files separated by `:` (production: the national root
 *   and the official-use chain). When unset, the embedded default creates (first start)
 *   or reuses a development PKI in `TTHC_DEV_PKI_DIR` (default `<dataDir>/pki`) and trusts
 *   its TEST root — never in production.
 * - `TTHC_TSA_URL` — time-stamp authority; `TTHC_REVOCATION=on` — OCSP/CRL checking.
 */
export async function loadSigningConfig(env: NodeJS.ProcessEnv, opts: { dataDir: string }): Promise<SigningConfig> {
  const configured = (env.TTHC_TRUST_ANCHORS ?? '').split(path.delimiter).filter(Boolean);
  let devPki: DevPkiResult | undefined;
  let files = configured;
  if (!files.length) {
    devPki = await ensureDevPki(env.TTHC_DEV_PKI_DIR ?? path.join(opts.dataDir, 'pki'));
    files = [devPki.trustAnchor];
  }
  return {
    trustAnchors: await loadTrustAnchors(files),
    trustAnchorFiles: files,
    tsaUrl: env.TTHC_TSA_URL || undefined,
    revocation: { enabled: env.TTHC_REVOCATION === 'on' },
    devPki,
  };
}

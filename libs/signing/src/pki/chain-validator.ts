import { X509Certificate as NodeCert } from 'node:crypto';
import { Problem } from '../verification-report';
import { KeyUsageFlags, KeyUsagesExtension, X509Certificate } from './x509';
import { toArrayBuffer } from '../util/bytes';

export interface ChainResult {
  /** Signer first, ending with the trust anchor when trusted. */
  path: NodeCert[];
  trusted: boolean;
  problems: Problem[];
}

const label = (c: NodeCert) => c.subject.replace(/\n/g, ', ');

/**
 * Builds the path signer → … → trust anchor from the certificates in the signature
 * and checks each link's signature, CA flag and validity at the signing time, plus
 * the signer's key usage (digitalSignature or nonRepudiation). Written here rather
 * than with pkijs' CertificateChainValidationEngine to get one reason per problem.
 */
export function validateChain(
  signerDer: Uint8Array,
  pool: Uint8Array[],
  anchorsDer: Uint8Array[],
  at: Date,
  opts: { requireKeyUsage?: boolean } = { requireKeyUsage: true },
): ChainResult {
  const problems: Problem[] = [];
  const signer = new NodeCert(Buffer.from(signerDer));
  const anchors = anchorsDer.map((d) => new NodeCert(Buffer.from(d)));
  const candidates = pool.map((d) => new NodeCert(Buffer.from(d)));
  const path = [signer];
  let trusted = false;
  for (let depth = 0; depth < 10; depth++) {
    const cur = path[path.length - 1];
    if (anchors.some((a) => a.raw.equals(cur.raw))) {
      trusted = true;
      break;
    }
    const anchor = anchors.find((a) => cur.checkIssued(a) && cur.verify(a.publicKey));
    if (anchor) {
      path.push(anchor);
      trusted = true;
      break;
    }
    const next = candidates.find((c) => !path.some((p) => p.raw.equals(c.raw)) && cur.checkIssued(c) && cur.verify(c.publicKey));
    if (!next || !next.ca) break;
    path.push(next);
  }
  if (!trusted) {
    const top = path[path.length - 1];
    problems.push({
      code: 'UNTRUSTED_CHAIN',
      message: `Certificate chain does not lead to a configured trust anchor (last certificate: ${label(top)}; issued by ${top.issuer.replace(/\n/g, ', ')})`,
    });
  }
  for (const cert of path) {
    const from = new Date(cert.validFrom);
    const to = new Date(cert.validTo);
    if (at > to) {
      problems.push({ code: 'CERT_EXPIRED', message: `Certificate ${label(cert)} had expired at signing time ${at.toISOString()} (valid until ${to.toISOString()})` });
    } else if (at < from) {
      problems.push({ code: 'CERT_NOT_YET_VALID', message: `Certificate ${label(cert)} was not yet valid at signing time ${at.toISOString()} (valid from ${from.toISOString()})` });
    }
  }
  if (opts.requireKeyUsage !== false) {
    const ku = new X509Certificate(toArrayBuffer(signerDer)).getExtension(KeyUsagesExtension);
    if (ku && !(ku.usages & (KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation))) {
      problems.push({ code: 'KEY_USAGE', message: `Certificate ${label(signer)} is not allowed to sign documents (key usage lacks digitalSignature and nonRepudiation)` });
    }
  }
  return { path, trusted, problems };
}

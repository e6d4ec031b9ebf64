import { X509Certificate as NodeCert } from 'node:crypto';
import { RevocationStatus } from '../verification-report';
import { toArrayBuffer } from '../util/bytes';
import { queryOcsp, ocspUrls } from './ocsp-client';
import { CRLDistributionPointsExtension, X509Certificate, X509Crl } from './x509';

export interface RevocationResult {
  status: RevocationStatus;
  detail: string;
}

function crlUrls(cert: NodeCert): string[] {
  const ext = new X509Certificate(toArrayBuffer(cert.raw)).getExtension(CRLDistributionPointsExtension);
  const urls: string[] = [];
  for (const dp of ext?.distributionPoints ?? []) {
    for (const name of dp.distributionPoint?.fullName ?? []) if (name.uniformResourceIdentifier) urls.push(name.uniformResourceIdentifier);
  }
  return urls.filter((u) => /^https?:\/\//.test(u));
}

/**
 * Checks each non-anchor certificate of `path`: first its OCSP responder (authority info
 * access), then the CRL named in its CRL distribution points. A certificate that neither
 * source can vouch for makes the result `unknown` (never `good`).
 */
export async function checkRevocation(
  path: NodeCert[],
  at: Date,
  opts: { fetchImpl?: typeof fetch; timeoutMs?: number } = {},
): Promise<RevocationResult> {
  const fetchImpl = opts.fetchImpl ?? fetch;
  const details: string[] = [];
  let unknown = false;
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i];
    const issuer = path[i + 1];
    const name = cert.subject.split('\n').find((l) => l.startsWith('CN=')) ?? cert.subject;
    let checked = false;
    for (const url of ocspUrls(new Uint8Array(cert.raw))) {
      try {
        const answer = await queryOcsp(url, new Uint8Array(cert.raw), new Uint8Array(issuer.raw), path.slice(i + 2).map((c) => new Uint8Array(c.raw)), fetchImpl, opts.timeoutMs ?? 5000);
        if (answer.status === 'revoked' && (!answer.revokedAt || answer.revokedAt <= at)) {
          return { status: 'revoked', detail: `certificate ${cert.serialNumber} revoked${answer.revokedAt ? ` on ${answer.revokedAt.toISOString()}` : ''} (OCSP ${url})` };
        }
        if (answer.status !== 'unknown') {
          checked = true;
          details.push(`${name}: good (OCSP ${url})`);
          break;
        }
        details.push(`${name}: OCSP ${url} does not know the certificate`);
      } catch (e) {
        details.push(`OCSP ${url} unavailable: ${(e as Error).message}`);
      }
    }
    if (checked) continue;
    const urls = crlUrls(cert);
    if (!urls.length) {
      unknown = true;
      details.push(`no reachable OCSP responder or CRL distribution point for ${name}`);
      continue;
    }
    for (const url of urls) {
      try {
        const res = await fetchImpl(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 5000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const crl = new X509Crl(new Uint8Array(await res.arrayBuffer()));
        const ok = await crl.verify({ publicKey: new X509Certificate(toArrayBuffer(issuer.raw)).publicKey });
        if (!ok) throw new Error('CRL signature does not verify with the issuer key');
        const serial = cert.serialNumber.toLowerCase().replace(/^0+/, '');
        const entry = crl.entries.find((e) => e.serialNumber.toLowerCase().replace(/^0+/, '') === serial);
        if (entry && entry.revocationDate <= at) {
          return { status: 'revoked', detail: `certificate ${cert.serialNumber} revoked on ${entry.revocationDate.toISOString()} (CRL ${url})` };
        }
        checked = true;
        details.push(`${name}: not on CRL ${url}`);
        break;
      } catch (e) {
        details.push(`CRL ${url} unavailable: ${(e as Error).message}`);
      }
    }
    if (!checked) unknown = true;
  }
  return { status: unknown ? 'unknown' : 'good', detail: details.join('; ') };
}

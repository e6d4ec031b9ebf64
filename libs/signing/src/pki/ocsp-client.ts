import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from '../util/bytes';
import { AuthorityInfoAccessExtension, X509Certificate } from './x509';
import { ensureCrypto } from './x509-setup';

const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';

export function ocspUrls(certDer: Uint8Array): string[] {
  const aia = new X509Certificate(toArrayBuffer(certDer)).getExtension(AuthorityInfoAccessExtension);
  return (aia?.ocsp ?? []).filter((g) => g.type === 'url').map((g) => g.value).filter((u) => /^https?:\/\//.test(u));
}

export interface OcspAnswer {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
}

/**
 * RFC 6960 client: POSTs a request for `cert` (SHA-256 CertID, nonce) and checks the
 * response is signed by the issuer or by a responder the issuer delegated
 * (id-kp-OCSPSigning) — pkijs' BasicOCSPResponse.verify enforces that.
 */
export async function queryOcsp(
  url: string,
  certDer: Uint8Array,
  issuerDer: Uint8Array,
  /** The rest of the validated path above the issuer (up to the anchor), for the responder's chain. */
  upperChain: Uint8Array[],
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<OcspAnswer> {
  ensureCrypto();
  const cert = pkijs.Certificate.fromBER(toArrayBuffer(certDer));
  const issuer = pkijs.Certificate.fromBER(toArrayBuffer(issuerDer));
  const req = new pkijs.OCSPRequest();
  await req.createForCertificate(cert, { hashAlgorithm: 'SHA-256', issuerCertificate: issuer });
  const nonce = webcrypto.getRandomValues(new Uint8Array(16));
  req.tbsRequest.requestExtensions = [
    new pkijs.Extension({ extnID: OCSP_NONCE, extnValue: new asn1js.OctetString({ valueHex: toArrayBuffer(nonce) }).toBER() }),
  ];
  const res = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/ocsp-request' },
    body: Buffer.from(req.toSchema(true).toBER()),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const resp = pkijs.OCSPResponse.fromBER(await res.arrayBuffer());
  const code = resp.responseStatus.valueBlock.valueDec;
  if (code !== 0 || !resp.responseBytes) throw new Error(`OCSP responder status ${code}`);
  if (resp.responseBytes.responseType !== OCSP_BASIC) throw new Error(`unsupported OCSP response type ${resp.responseBytes.responseType}`);
  const basic = pkijs.BasicOCSPResponse.fromBER(toArrayBuffer(new Uint8Array(resp.responseBytes.response.valueBlock.valueHexView)));
  // A CA answering for itself often attaches no certificate; pkijs needs the signer among `certs`.
  if (!basic.certs?.length) basic.certs = [issuer];
  const upper = upperChain.map((d) => pkijs.Certificate.fromBER(toArrayBuffer(d)));
  const ok = await basic.verify({ trustedCerts: [issuer, ...upper], issuerCerts: [issuer] });
  if (!ok) throw new Error('OCSP response signature is not from the issuer or its delegated responder');
  const nonceExt = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OCSP_NONCE);
  if (nonceExt) {
    const echoed = Buffer.from(nonceExt.extnValue.valueBlock.valueHexView);
    if (!echoed.includes(Buffer.from(nonce))) throw new Error('OCSP response nonce does not match the request');
  }
  const status = await basic.getCertificateStatus(cert, issuer);
  if (!status.isForCertificate) throw new Error('OCSP response is not for this certificate');
  if (status.status === 0) return { status: 'good' };
  if (status.status === 1) {
    const single = basic.tbsResponseData.responses.find((r) => r.certID.serialNumber.isEqual(cert.serialNumber));
    const when = (single?.certStatus as asn1js.Constructed | undefined)?.valueBlock.value[0] as asn1js.GeneralizedTime | undefined;
    return { status: 'revoked', revokedAt: when?.toDate() };
  }
  return { status: 'unknown' };
}

import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningError, SigningErrorCode } from '../errors';
import { equalBytes, sha256, toArrayBuffer } from '../util/bytes';
import { OID } from './oids';

/**
 * RFC 3161 client: asks a time-stamp authority over HTTP for a token over `data`
 * (SHA-256 message imprint, with nonce and certReq) and returns the TimeStampToken
 * (a CMS ContentInfo).
 */
export async function requestTimestamp(tsaUrl: string, data: Uint8Array, fetchImpl: typeof fetch = fetch): Promise<pkijs.ContentInfo> {
  const imprint = await sha256(data);
  const nonce = webcrypto.getRandomValues(new Uint8Array(8));
  nonce[0] &= 0x7f;
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(imprint) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonce) }),
    certReq: true,
  });
  let body: Uint8Array;
  try {
    const res = await fetchImpl(tsaUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: Buffer.from(req.toSchema().toBER(false)),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new SigningError(SigningErrorCode.TIMESTAMP_FAILED, `Time-stamp authority ${tsaUrl} did not answer: ${(e as Error).message}`);
  }
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(toArrayBuffer(body));
  } catch (e) {
    throw new SigningError(SigningErrorCode.TIMESTAMP_FAILED, `Time-stamp response is not RFC 3161: ${(e as Error).message}`);
  }
  if (resp.status.status > 1 || !resp.timeStampToken) {
    const text = resp.status.statusStrings?.map((s) => s.valueBlock.value).join('; ');
    throw new SigningError(SigningErrorCode.TIMESTAMP_FAILED, `Time-stamp authority refused: status ${resp.status.status}${text ? ` (${text})` : ''}`);
  }
  const token = resp.timeStampToken;
  const info = readTstInfo(token);
  const got = new Uint8Array(info.messageImprint.hashedMessage.valueBlock.valueHexView);
  const gotNonce = info.nonce ? new Uint8Array(info.nonce.valueBlock.valueHexView) : undefined;
  if (!equalBytes(got, imprint) || !gotNonce || !equalBytes(stripZeros(gotNonce), stripZeros(nonce))) {
    throw new SigningError(SigningErrorCode.TIMESTAMP_FAILED, 'Time-stamp token does not match the request (imprint or nonce differ)');
  }
  return token;
}

const stripZeros = (b: Uint8Array) => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
};

export function readTstInfo(token: pkijs.ContentInfo): pkijs.TSTInfo {
  return pkijs.TSTInfo.fromBER(toArrayBuffer(tstInfoBytes(token)));
}

/** The DER TSTInfo exactly as signed (eContent, joined if BER-constructed). */
export function tstInfoBytes(token: pkijs.ContentInfo): Uint8Array {
  const sd = new pkijs.SignedData({ schema: token.content });
  if (sd.encapContentInfo.eContentType !== OID.tstInfo || !sd.encapContentInfo.eContent) {
    throw new SigningError(SigningErrorCode.CORRUPTED_CMS, 'Time-stamp token does not hold a TSTInfo');
  }
  const octets = sd.encapContentInfo.eContent;
  const raw = octets.idBlock.isConstructed
    ? Buffer.concat(octets.valueBlock.value.map((v) => Buffer.from((v as asn1js.OctetString).valueBlock.valueHexView)))
    : Buffer.from(octets.valueBlock.valueHexView);
  return new Uint8Array(raw);
}

import { createHash, verify as nodeVerify, X509Certificate as NodeCert } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningError } from '../errors';
import { validateChain } from '../pki/chain-validator';
import { checkRevocation } from '../pki/revocation-checker';
import { ensureCrypto } from '../pki/x509-setup';
import { equalBytes } from '../util/bytes';
import { Problem, SignatureReport, VerifyOptions } from '../verification-report';
import { parseDer } from './der';
import { readSigningCertificateV2Hash } from './ess-attributes';
import { OID } from './oids';
import { readTstInfo, tstInfoBytes } from './timestamp-client';

const HASHES: Record<string, string> = {
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

export type CmsCheck = Omit<SignatureReport, 'field' | 'coversWholeDocument' | 'laterRevisions' | 'valid'>;

const cn = (c: NodeCert) => c.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? c.subject;

function attr(si: pkijs.SignerInfo, type: string): asn1js.AsnType | undefined {
  return si.signedAttrs?.attributes.find((a) => a.type === type)?.values[0];
}

function findSigner(sd: pkijs.SignedData, si: pkijs.SignerInfo): pkijs.Certificate | undefined {
  const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = si.sid;
    return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  }
  const ski = new Uint8Array((si.sid as asn1js.OctetString).valueBlock.valueHexView);
  return certs.find((c) => {
    const ext = c.extensions?.find((e) => e.extnID === '2.5.29.14');
    return ext && equalBytes(new Uint8Array((ext.parsedValue as asn1js.OctetString).valueBlock.valueHexView), ski);
  });
}

/** messageDigest over `parts` and the signature over the signed attributes (their original DER, tagged SET OF). */
function verifySignerInfo(si: pkijs.SignerInfo, certDer: Uint8Array, parts: Uint8Array[]): { intact: boolean; signatureValid: boolean; hashName?: string; error?: string } {
  const hashName = HASHES[si.digestAlgorithm.algorithmId];
  if (!hashName || !si.signedAttrs) return { intact: false, signatureValid: false, error: `unsupported digest algorithm ${si.digestAlgorithm.algorithmId}` };
  const h = createHash(hashName);
  for (const p of parts) h.update(p);
  const md = attr(si, OID.messageDigest) as asn1js.OctetString | undefined;
  const intact = !!md && equalBytes(new Uint8Array(md.valueBlock.valueHexView), h.digest());
  const signedAttrs = new Uint8Array(si.signedAttrs.encodedValue.slice(0));
  signedAttrs[0] = 0x31;
  try {
    const signatureValid = nodeVerify(hashName, signedAttrs, new NodeCert(Buffer.from(certDer)).publicKey, Buffer.from(si.signature.valueBlock.valueHexView));
    return { intact, signatureValid, hashName };
  } catch (e) {
    return { intact, signatureValid: false, hashName, error: `cannot verify signature algorithm ${si.signatureAlgorithm.algorithmId}: ${(e as Error).message}` };
  }
}

/** Checks a CMS signature token: imprint, signature, TSA chain. Returns the time or a problem. */
async function checkTimestamp(si: pkijs.SignerInfo, opts: VerifyOptions): Promise<{ time?: Date; problem?: Problem }> {
  const tokenAttr = si.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken);
  if (!tokenAttr) return {};
  try {
    const token = new pkijs.ContentInfo({ schema: tokenAttr.values[0] });
    const info = readTstInfo(token);
    const alg = HASHES[info.messageImprint.hashAlgorithm.algorithmId];
    const expected = createHash(alg).update(si.signature.valueBlock.valueHexView).digest();
    if (!equalBytes(new Uint8Array(info.messageImprint.hashedMessage.valueBlock.valueHexView), expected)) {
      return { problem: { code: 'TIMESTAMP_INVALID', message: 'Time-stamp token is not over this signature' } };
    }
    const tsd = new pkijs.SignedData({ schema: token.content });
    const tsaCert = findSigner(tsd, tsd.signerInfos[0]);
    if (!tsaCert) return { problem: { code: 'TIMESTAMP_INVALID', message: 'Time-stamp token lacks the TSA certificate' } };
    const infoBytes = tstInfoBytes(token);
    const check = verifySignerInfo(tsd.signerInfos[0], new Uint8Array(tsaCert.toSchema().toBER()), [infoBytes]);
    if (!check.intact || !check.signatureValid) return { problem: { code: 'TIMESTAMP_INVALID', message: 'Time-stamp token signature does not verify' } };
    const pool = (tsd.certificates ?? []).map((c) => new Uint8Array((c as pkijs.Certificate).toSchema().toBER()));
    const chain = validateChain(new Uint8Array(tsaCert.toSchema().toBER()), pool, opts.trustAnchors, info.genTime, { requireKeyUsage: false });
    if (chain.problems.length) {
      return { time: info.genTime, problem: { code: 'TIMESTAMP_INVALID', message: `Time-stamp authority not trusted: ${chain.problems.map((p) => p.message).join('; ')}` } };
    }
    return { time: info.genTime };
  } catch (e) {
    return { problem: { code: 'TIMESTAMP_INVALID', message: `Time-stamp token unreadable: ${(e as Error).message}` } };
  }
}

/**
 * Verifies a detached CMS SignedData over `signedParts` (concatenated in order).
 * Throws SIGNING_CORRUPTED_CMS only when the bytes are not CMS at all; every other
 * finding is a problem in the result.
 */
export async function verifyCms(
  cmsBytes: Uint8Array,
  signedParts: Uint8Array[],
  opts: VerifyOptions,
  claimedTime?: Date,
): Promise<CmsCheck> {
  ensureCrypto();
  let sd: pkijs.SignedData;
  try {
    const ci = new pkijs.ContentInfo({ schema: parseDer(cmsBytes, 'CMS signature') });
    if (ci.contentType !== OID.signedData) throw new Error(`content type ${ci.contentType} is not SignedData`);
    sd = new pkijs.SignedData({ schema: ci.content });
    if (!sd.signerInfos.length) throw new Error('no SignerInfo');
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError('SIGNING_CORRUPTED_CMS', `Corrupted CMS signature: ${(e as Error).message}`);
  }
  const si = sd.signerInfos[0];
  const problems: Problem[] = [];
  const signerCert = findSigner(sd, si);
  const base = { timestamped: false, revocation: 'unknown' as const, problems };
  if (!signerCert) {
    problems.push({ code: 'SIGNER_CERT_MISSING', message: 'The signer certificate is not embedded in the signature' });
    return { ...base, signer: '(unknown)', timeSource: 'none', intact: false, signatureValid: false, trusted: false };
  }
  const signerDer = new Uint8Array(signerCert.toSchema().toBER());
  const node = new NodeCert(Buffer.from(signerDer));

  // 1+2. Integrity (messageDigest = hash of the signed bytes) and the signature itself.
  const { intact, signatureValid, error } = verifySignerInfo(si, signerDer, signedParts);
  if (error) problems.push({ code: 'UNSUPPORTED_ALGORITHM', message: `Cannot check the signature: ${error}` });
  if (!intact) problems.push({ code: 'DIGEST_MISMATCH', message: 'The document was changed after signing (digest does not match)' });
  if (!signatureValid) problems.push({ code: 'BAD_SIGNATURE', message: 'The signature value does not verify with the signer certificate' });
  const essValue = attr(si, OID.signingCertificateV2);
  if (essValue) {
    const { hash, algorithm } = readSigningCertificateV2Hash(essValue);
    const alg = HASHES[algorithm];
    if (!hash || !alg || !equalBytes(hash, createHash(alg).update(signerDer).digest())) {
      problems.push({ code: 'SIGNING_CERT_ATTR_MISMATCH', message: 'signing-certificate-v2 does not match the signer certificate' });
    }
  }

  // 3. Time: RFC 3161 token beats the claimed time.
  const ts = await checkTimestamp(si, opts);
  if (ts.problem) problems.push(ts.problem);
  const signingTimeAttr = attr(si, OID.signingTime) as asn1js.UTCTime | undefined;
  const claimed = claimedTime ?? signingTimeAttr?.toDate();
  const time = ts.time ?? claimed;
  const at = time ?? new Date();

  // 4. Trust: chain, validity at signing time, key usage, revocation.
  const pool = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate).map((c) => new Uint8Array(c.toSchema().toBER()));
  const chain = validateChain(signerDer, pool, opts.trustAnchors, at);
  problems.push(...chain.problems);
  let revocation: CmsCheck['revocation'] = 'unknown';
  let revocationDetail = 'revocation checking is not configured';
  if (opts.revocation?.enabled && chain.trusted) {
    const r = await checkRevocation(chain.path, at, opts.revocation);
    revocation = r.status;
    revocationDetail = r.detail;
    if (r.status === 'revoked') problems.push({ code: 'REVOKED', message: `Certificate revoked: ${r.detail}` });
  }
  const trusted = chain.trusted && !problems.some((p) => ['CERT_EXPIRED', 'CERT_NOT_YET_VALID', 'KEY_USAGE', 'REVOKED', 'UNTRUSTED_CHAIN'].includes(p.code));
  return {
    signer: cn(node),
    signerSubject: node.subject.replace(/\n/g, ', '),
    signedAt: time?.toISOString(),
    timeSource: ts.time ? 'timestamp' : claimed ? 'claimed' : 'none',
    intact,
    signatureValid,
    trusted,
    timestamped: !!ts.time,
    revocation,
    revocationDetail,
    problems,
  };
}

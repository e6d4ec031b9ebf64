import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningError, SigningErrorCode } from '../errors';
import { SIGNATURE_ALGORITHM_OID, type SignatureAlgorithm, type SigningKeyProvider } from '../keys/signing-key-provider';
import { perCertificate, pkijsCertificate } from '../pki/parsed-certificates';
import { ensureCrypto } from '../pki/x509-setup';
import { sha256Of } from '../util/bytes';
import { lazily } from '../util/lazily';
import { derSetOrder, derTlv } from './der';
import { signingCertificateV2 } from './ess-attributes';
import { OID } from './oids';
import { requestTimestamp } from './timestamp-client';

export interface CmsSignOptions {
  /** SHA-256 of the signed content (the PDF byte ranges, or the whole detached file). */
  contentDigest: Uint8Array;
  provider: SigningKeyProvider;
  /** CAdES keeps a signing-time attribute; PAdES must not (the time goes in the PDF /M). */
  signingTime?: Date;
  /** RFC 3161 time-stamp authority: when set the result is baseline B-T. */
  tsaUrl?: string;
  fetchImpl?: typeof fetch;
}

export interface CmsSignResult {
  /** DER ContentInfo(SignedData), detached. */
  der: Uint8Array;
  signerCertificate: pkijs.Certificate;
  timestamped: boolean;
}

function attribute(type: string, value: asn1js.AsnType): Uint8Array {
  return new Uint8Array(new pkijs.Attribute({ type, values: [value] }).toSchema().toBER());
}

export interface SignedAttributesInput {
  /** SHA-256 of the signed content (the PDF byte ranges, or the whole detached file). */
  contentDigest: Uint8Array;
  /** DER of the signer's certificate (bound by ESS signing-certificate-v2). */
  signerCertificate: Uint8Array;
  /** CAdES keeps a signing-time attribute; PAdES must not (the time goes in the PDF /M). */
  signingTime?: Date;
}

const TAG = { integer: 0x02, octetString: 0x04, sequence: 0x30, set: 0x31, context0: 0xa0, context1: 0xa1 } as const;

/**
 * The parts of a CMS SignedData that are the same in every signature, DER-encoded once with
 * asn1js/pkijs. A signature is then glued from them (`derTlv`) around what changes: the content
 * digest, the signature value (and signing time, time-stamp token). Building the whole structure
 * with pkijs re-parsed and re-encoded every certificate of the chain and every attribute each time
 * (asn1js): ≈ 3 ms CPU of a ≈ 11 ms sealed notice, most of its garbage (W2 profile, session 9).
 */
const CONSTANT = lazily(() => ({
  version1: new Uint8Array(new asn1js.Integer({ value: 1 }).toBER()),
  signedDataType: new Uint8Array(new asn1js.ObjectIdentifier({ value: OID.signedData }).toBER()),
  messageDigestType: new Uint8Array(new asn1js.ObjectIdentifier({ value: OID.messageDigest }).toBER()),
  contentTypeData: attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
  sha256: new Uint8Array(new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }).toSchema().toBER()),
  encapsulatedData: new Uint8Array(new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }).toSchema().toBER()),
  signatureAlgorithm: Object.fromEntries(
    Object.entries(SIGNATURE_ALGORITHM_OID).map(([algorithm, algorithmId]) => [
      algorithm,
      new Uint8Array(
        new pkijs.AlgorithmIdentifier({ algorithmId, ...(algorithm.startsWith('RSA') ? { algorithmParams: new asn1js.Null() } : {}) }).toSchema().toBER(),
      ),
    ]),
  ) as Record<SignatureAlgorithm, Uint8Array>,
}));

/** What every signature by one certificate repeats: its IssuerAndSerialNumber and ESS signing-certificate-v2 attribute. */
const signerParts = perCertificate((der) => {
  const cert = pkijsCertificate(der);
  return {
    sid: new Uint8Array(new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }).toSchema().toBER()),
    signingCertificate: new Uint8Array(signingCertificateV2(cert, sha256Of(der)).toSchema().toBER()),
  };
});

/** the DER of each signed attribute, in DER `SET OF` order (some verifiers, OpenSSL, re-encode) */
function signedAttributeList(input: SignedAttributesInput): Uint8Array[] {
  const c = CONSTANT();
  const attrs = [
    c.contentTypeData,
    derTlv(TAG.sequence, c.messageDigestType, derTlv(TAG.set, derTlv(TAG.octetString, input.contentDigest))),
    signerParts(input.signerCertificate).signingCertificate,
  ];
  if (input.signingTime) attrs.push(attribute(OID.signingTime, new asn1js.UTCTime({ valueDate: input.signingTime })));
  return attrs.sort(derSetOrder);
}

/**
 * The bytes a signer signs for a CMS signature with signed attributes: the DER `SET OF`
 * encoding of contentType, messageDigest and ESS signing-certificate-v2 (and signing-time
 * when given). Deterministic: the same input gives the same bytes, so a server can hand
 * them to an external signer (USB token agent) and rebuild them when the signature comes back.
 */
export async function buildSignedAttributes(input: SignedAttributesInput): Promise<Uint8Array> {
  return derTlv(TAG.set, ...signedAttributeList(input));
}

export interface CmsAssembleInput extends SignedAttributesInput {
  /** DER certificates, signer first (the same certificate as `signerCertificate`). */
  chain: Uint8Array[];
  algorithm: SignatureAlgorithm;
  /** The signature over `buildSignedAttributes(input)` (RSA PKCS#1 v1.5, or DER ECDSA). */
  signature: Uint8Array;
  tsaUrl?: string;
  fetchImpl?: typeof fetch;
}

/** Builds the detached CMS SignedData around a signature made elsewhere (a token, a remote signer). */
export async function assembleCmsSignature(input: CmsAssembleInput): Promise<CmsSignResult> {
  ensureCrypto();
  input.chain.forEach(pkijsCertificate); // each must be a certificate (parsed once per process)
  const signer = pkijsCertificate(input.signerCertificate);
  const c = CONSTANT();
  const { algorithm, signature } = input;
  let unsigned: Uint8Array[] = [];
  if (input.tsaUrl) {
    const token = await requestTimestamp(input.tsaUrl, signature, input.fetchImpl);
    unsigned = [derTlv(TAG.context1, attribute(OID.signatureTimeStampToken, token.toSchema()))];
  }
  const signerInfo = derTlv(
    TAG.sequence,
    c.version1,
    signerParts(input.signerCertificate).sid,
    c.sha256,
    derTlv(TAG.context0, ...signedAttributeList(input)),
    c.signatureAlgorithm[algorithm],
    derTlv(TAG.octetString, signature),
    ...unsigned,
  );
  const signedData = derTlv(
    TAG.sequence,
    c.version1,
    derTlv(TAG.set, c.sha256),
    c.encapsulatedData,
    derTlv(TAG.context0, ...input.chain),
    derTlv(TAG.set, signerInfo),
  );
  const der = derTlv(TAG.sequence, c.signedDataType, derTlv(TAG.context0, signedData));
  return { der, signerCertificate: signer, timestamped: unsigned.length > 0 };
}

/** Builds a detached CMS SignedData (CAdES baseline B-B, or B-T with a TSA). */
export async function buildCmsSignature(opts: CmsSignOptions): Promise<CmsSignResult> {
  ensureCrypto();
  const chain = await opts.provider.certificateChain();
  if (!chain.length) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, 'The key provider returned no certificate');
  const algorithm = await opts.provider.algorithm();
  const base = { contentDigest: opts.contentDigest, signerCertificate: chain[0], signingTime: opts.signingTime };
  const signature = await opts.provider.sign(await buildSignedAttributes(base), algorithm);
  return assembleCmsSignature({ ...base, chain, algorithm, signature, tsaUrl: opts.tsaUrl, fetchImpl: opts.fetchImpl });
}

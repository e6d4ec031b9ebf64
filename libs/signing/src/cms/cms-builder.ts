import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningError, SigningErrorCode } from '../errors';
import { SIGNATURE_ALGORITHM_OID, type SignatureAlgorithm, type SigningKeyProvider } from '../keys/signing-key-provider';
import { pkijsCertificate } from '../pki/parsed-certificates';
import { ensureCrypto } from '../pki/x509-setup';
import { sha256, toArrayBuffer } from '../util/bytes';
import { derSetOrder } from './der';
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

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

export interface SignedAttributesInput {
  /** SHA-256 of the signed content (the PDF byte ranges, or the whole detached file). */
  contentDigest: Uint8Array;
  /** DER of the signer's certificate (bound by ESS signing-certificate-v2). */
  signerCertificate: Uint8Array;
  /** CAdES keeps a signing-time attribute; PAdES must not (the time goes in the PDF /M). */
  signingTime?: Date;
}

function signedAttributesOf(input: SignedAttributesInput): Promise<pkijs.SignedAndUnsignedAttributes> {
  ensureCrypto();
  const signer = pkijsCertificate(input.signerCertificate);
  return sha256(input.signerCertificate).then((certHash) => {
    const attrs = [
      attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
      attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: toArrayBuffer(input.contentDigest) })),
      signingCertificateV2(signer, certHash),
    ];
    if (input.signingTime) attrs.push(attribute(OID.signingTime, new asn1js.UTCTime({ valueDate: input.signingTime })));
    // Signed attributes are a DER SET OF: sort them, because some verifiers (OpenSSL) re-encode.
    attrs.sort((a, b) => derSetOrder(new Uint8Array(a.toSchema().toBER()), new Uint8Array(b.toSchema().toBER())));
    return new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: attrs });
  });
}

/**
 * The bytes a signer signs for a CMS signature with signed attributes: the DER `SET OF`
 * encoding of contentType, messageDigest and ESS signing-certificate-v2 (and signing-time
 * when given). Deterministic: the same input gives the same bytes, so a server can hand
 * them to an external signer (USB token agent) and rebuild them when the signature comes back.
 */
export async function buildSignedAttributes(input: SignedAttributesInput): Promise<Uint8Array> {
  const toSign = new Uint8Array((await signedAttributesOf(input)).toSchema().toBER());
  toSign[0] = 0x31; // signature is over the SET OF encoding, not the [0] IMPLICIT tag
  return toSign;
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
  const chain = input.chain.map(pkijsCertificate);
  const signer = pkijsCertificate(input.signerCertificate);
  const signedAttrs = await signedAttributesOf(input);
  const { algorithm, signature } = input;
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: SIGNATURE_ALGORITHM_OID[algorithm],
      ...(algorithm.startsWith('RSA') ? { algorithmParams: new asn1js.Null() } : {}),
    }),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
  });

  let timestamped = false;
  if (input.tsaUrl) {
    const token = await requestTimestamp(input.tsaUrl, signature, input.fetchImpl);
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [attribute(OID.signatureTimeStampToken, token.toSchema())],
    });
    timestamped = true;
  }

  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: chain,
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return { der: new Uint8Array(contentInfo.toSchema().toBER(false)), signerCertificate: signer, timestamped };
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

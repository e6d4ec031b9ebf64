import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningError, SigningErrorCode } from '../errors';
import { SIGNATURE_ALGORITHM_OID, SigningKeyProvider } from '../keys/signing-key-provider';
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

/** Builds a detached CMS SignedData (CAdES baseline B-B, or B-T with a TSA). */
export async function buildCmsSignature(opts: CmsSignOptions): Promise<CmsSignResult> {
  ensureCrypto();
  const chainDer = await opts.provider.certificateChain();
  if (!chainDer.length) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, 'The key provider returned no certificate');
  const chain = chainDer.map((d) => pkijs.Certificate.fromBER(toArrayBuffer(d)));
  const signer = chain[0];
  const algorithm = await opts.provider.algorithm();

  const attrs = [
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: toArrayBuffer(opts.contentDigest) })),
    signingCertificateV2(signer, await sha256(chainDer[0])),
  ];
  if (opts.signingTime) attrs.push(attribute(OID.signingTime, new asn1js.UTCTime({ valueDate: opts.signingTime })));
  // Signed attributes are a DER SET OF: sort them, because some verifiers (OpenSSL) re-encode.
  attrs.sort((a, b) => derSetOrder(new Uint8Array(a.toSchema().toBER()), new Uint8Array(b.toSchema().toBER())));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: attrs });

  const toSign = new Uint8Array(signedAttrs.toSchema().toBER());
  toSign[0] = 0x31; // signature is over the SET OF encoding, not the [0] IMPLICIT tag
  const signature = await opts.provider.sign(toSign, algorithm);

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
  if (opts.tsaUrl) {
    const token = await requestTimestamp(opts.tsaUrl, signature, opts.fetchImpl);
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

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './oids';

/**
 * ESS signing-certificate-v2 (RFC 5035) — binds the signer's certificate to the signature;
 * PAdES/CAdES baseline require it. pkijs has no class for it, so it is built with asn1js:
 *   SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
 *   ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING (SHA-256 is the default algorithm),
 *                              issuerSerial SEQUENCE { GeneralNames, CertificateSerialNumber } }
 */
export function signingCertificateV2(cert: pkijs.Certificate, certSha256: Uint8Array): pkijs.Attribute {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
      }),
      new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView.slice().buffer }),
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: certSha256.slice().buffer }), issuerSerial],
  });
  return new pkijs.Attribute({
    type: OID.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}

/** Extracts the certificate hash from a signing-certificate-v2 attribute value (SHA-256 only). */
export function readSigningCertificateV2Hash(value: asn1js.AsnType): { hash?: Uint8Array; algorithm: string } {
  const certs = (value as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const first = certs?.valueBlock.value[0] as asn1js.Sequence | undefined;
  if (!first) return { algorithm: OID.sha256 };
  let i = 0;
  let algorithm: string = OID.sha256;
  const items = first.valueBlock.value;
  if (items[0] instanceof asn1js.Sequence) {
    algorithm = (items[0].valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
    i = 1;
  }
  const hash = items[i] as asn1js.OctetString;
  return { hash: new Uint8Array(hash.valueBlock.valueHexView), algorithm };
}

import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { IssuedIdentity, issueSigningCertificate } from '../..';
import { signingCertificateV2 } from '../../cms/ess-attributes';
import { OID } from '../../cms/oids';
import { sha256, toArrayBuffer } from '../../util/bytes';

/**
 * A local RFC 3161 time-stamp authority for tests (the external system being mocked):
 * parses a real TimeStampReq, answers a TimeStampResp whose token is a CMS SignedData
 * over a TSTInfo, signed by a TSA certificate (extKeyUsage timeStamping, critical).
 */
export interface TestTsa {
  url: string;
  requests: number;
  close(): Promise<void>;
}

export async function startTsa(issuer: IssuedIdentity, fixedTime?: Date): Promise<TestTsa> {
  const tsa = await issueSigningCertificate(
    issuer,
    { commonName: 'TTHC Test TSA', organization: 'TTHC Flow' },
    { extendedKeyUsage: [OID.timeStamping], keyUsage: 1 << 7 /* digitalSignature */ },
  );
  const tsaCert = pkijs.Certificate.fromBER(tsa.certificate.rawData);
  const chain = [tsaCert, pkijs.Certificate.fromBER(issuer.certificate.rawData)];
  let serial = 1;
  const state = { requests: 0 };

  async function answer(body: Uint8Array): Promise<Uint8Array> {
    const req = pkijs.TimeStampReq.fromBER(toArrayBuffer(body));
    const info = new pkijs.TSTInfo({
      version: 1,
      policy: '1.3.6.1.4.1.99999.1.1',
      messageImprint: req.messageImprint,
      serialNumber: new asn1js.Integer({ value: serial++ }),
      genTime: fixedTime ?? new Date(),
      ordering: false,
      accuracy: new pkijs.Accuracy({ seconds: 1 }),
      ...(req.nonce ? { nonce: req.nonce } : {}),
    });
    const infoDer = new Uint8Array(info.toSchema().toBER());
    const signedData = new pkijs.SignedData({
      version: 3,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({
        eContentType: OID.tstInfo,
        eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(infoDer) }),
      }),
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({ issuer: tsaCert.issuer, serialNumber: tsaCert.serialNumber }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 0,
            attributes: [
              new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.tstInfo })] }),
              new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(await sha256(infoDer)) })] }),
              signingCertificateV2(tsaCert, await sha256(new Uint8Array(tsa.certificate.rawData))),
            ],
          }),
        }),
      ],
      certificates: req.certReq ? chain : undefined,
    });
    await signedData.sign(tsa.keys.privateKey, 0, 'SHA-256');
    // pkijs writes eContent as a BER constructed OCTET STRING; RFC 3161 tokens are DER.
    const sdSchema = signedData.toSchema(true) as asn1js.Sequence;
    const encap = sdSchema.valueBlock.value[2] as asn1js.Sequence;
    (encap.valueBlock.value[1] as asn1js.Constructed).valueBlock.value = [new asn1js.OctetString({ valueHex: toArrayBuffer(infoDer) })];
    const token = new pkijs.ContentInfo({ contentType: OID.signedData, content: sdSchema });
    const resp = new pkijs.TimeStampResp({ status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }), timeStampToken: token });
    return new Uint8Array(resp.toSchema().toBER());
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(400).end();
        return;
      }
      answer(new Uint8Array(Buffer.concat(chunks))).then(
        (der) => res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from(der)),
        (e: Error) => res.writeHead(500).end(e.message),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

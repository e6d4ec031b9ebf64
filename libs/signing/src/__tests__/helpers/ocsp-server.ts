import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { IssuedIdentity } from '../..';
import { toArrayBuffer } from '../../util/bytes';

/**
 * A local RFC 6960 OCSP responder for tests (the CA's external service, mocked): answers
 * good / revoked for the serials it is told about, signed by the issuing CA itself, and
 * echoes the request nonce.
 */
export interface TestOcsp {
  url: string;
  revoked: Map<string, Date>;
  close(): Promise<void>;
}

export async function startOcsp(ca: IssuedIdentity): Promise<TestOcsp> {
  const caCert = pkijs.Certificate.fromBER(ca.certificate.rawData);
  const revoked = new Map<string, Date>();

  async function answer(body: Uint8Array): Promise<Uint8Array> {
    const req = pkijs.OCSPRequest.fromBER(toArrayBuffer(body));
    const certID = req.tbsRequest.requestList[0].reqCert;
    const serial = Buffer.from(certID.serialNumber.valueBlock.valueHexView).toString('hex').replace(/^0+/, '');
    const revokedAt = [...revoked].find(([s]) => s.toLowerCase().replace(/^0+/, '') === serial)?.[1];
    const certStatus = revokedAt
      ? new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [new asn1js.GeneralizedTime({ valueDate: revokedAt })] })
      : new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
    const basic = new pkijs.BasicOCSPResponse();
    basic.tbsResponseData.responderID = caCert.subject;
    basic.tbsResponseData.producedAt = new Date();
    basic.tbsResponseData.responses.push(new pkijs.SingleResponse({ certID, certStatus, thisUpdate: new Date() }));
    const nonce = req.tbsRequest.requestExtensions?.find((e) => e.extnID === '1.3.6.1.5.5.7.48.1.2');
    if (nonce) basic.tbsResponseData.responseExtensions = [nonce];
    await basic.sign(ca.keys.privateKey, 'SHA-256');
    const resp = new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: 0 }),
      responseBytes: new pkijs.ResponseBytes({
        responseType: '1.3.6.1.5.5.7.48.1.1',
        response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER() }),
      }),
    });
    return new Uint8Array(resp.toSchema().toBER());
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      answer(new Uint8Array(Buffer.concat(chunks))).then(
        (der) => res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(Buffer.from(der)),
        (e: Error) => res.writeHead(500).end(e.message),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocsp`,
    revoked,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

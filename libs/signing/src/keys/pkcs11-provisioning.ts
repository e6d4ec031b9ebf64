import * as pkcs11js from 'pkcs11js';
import * as pkijs from 'pkijs';
import { IssuedIdentity, issueSigningCertificate, SignerSubject } from '../pki/dev-pki';
import { subtle } from '../util/bytes';

const b64url = (b: Buffer) => b.toString('base64url');

/**
 * Development/test helper: generates an RSA key pair ON the token (sensitive,
 * non-extractable), has `issuer` certify its public key, and stores the certificate
 * (and the issuer's) on the token under the same label/ID — what a CA does when it
 * issues an officer's USB token.
 */
export async function provisionTokenSigner(opts: {
  module: string;
  slot: number;
  pin: string;
  label: string;
  issuer: IssuedIdentity;
  subject: SignerSubject;
}): Promise<{ certificate: Uint8Array }> {
  const p11 = new pkcs11js.PKCS11();
  p11.load(opts.module);
  p11.C_Initialize();
  try {
    const slots = p11.C_GetSlotList(true);
    const slot = slots.find((s) => Number(s.readBigUInt64LE(0)) === opts.slot) ?? slots[opts.slot];
    const session = p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    p11.C_Login(session, pkcs11js.CKU_USER, opts.pin);
    const id = Buffer.from(opts.label);
    const keys = p11.C_GenerateKeyPair(
      session,
      { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
      [
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_VERIFY, value: true },
        { type: pkcs11js.CKA_MODULUS_BITS, value: 2048 },
        { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
        { type: pkcs11js.CKA_LABEL, value: opts.label },
        { type: pkcs11js.CKA_ID, value: id },
      ],
      [
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_SIGN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
        { type: pkcs11js.CKA_LABEL, value: opts.label },
        { type: pkcs11js.CKA_ID, value: id },
      ],
    );
    const [n, e] = p11.C_GetAttributeValue(session, keys.publicKey, [{ type: pkcs11js.CKA_MODULUS }, { type: pkcs11js.CKA_PUBLIC_EXPONENT }]);
    const publicKey = await subtle.importKey(
      'jwk',
      { kty: 'RSA', n: b64url(n.value as Buffer), e: b64url(e.value as Buffer), alg: 'RS256', ext: true },
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      true,
      ['verify'],
    );
    const issued = await issueSigningCertificate(opts.issuer, opts.subject, { publicKey });
    const store = (der: ArrayBuffer, label: string, cid: Buffer) => {
      const cert = pkijs.Certificate.fromBER(der);
      return p11.C_CreateObject(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
        { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_ID, value: cid },
        { type: pkcs11js.CKA_SUBJECT, value: Buffer.from(cert.subject.toSchema().toBER(false)) },
        { type: pkcs11js.CKA_ISSUER, value: Buffer.from(cert.issuer.toSchema().toBER(false)) },
        { type: pkcs11js.CKA_SERIAL_NUMBER, value: Buffer.from(cert.serialNumber.toBER(false)) },
        { type: pkcs11js.CKA_VALUE, value: Buffer.from(der) },
      ]);
    };
    store(issued.certificate.rawData, opts.label, id);
    store(opts.issuer.certificate.rawData, `${opts.label}-issuer`, Buffer.from(`${opts.label}-issuer`));
    p11.C_Logout(session);
    p11.C_CloseSession(session);
    return { certificate: new Uint8Array(issued.certificate.rawData) };
  } finally {
    p11.C_Finalize();
  }
}

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningError, SigningErrorCode } from '../errors';
import { toArrayBuffer } from '../util/bytes';
import { ensureCrypto } from '../pki/x509-setup';

const KEY_BAG = '1.2.840.113549.1.12.10.1.2'; // pkcs8ShroudedKeyBag
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const X509_CERT = '1.2.840.113549.1.9.22.1';

const pw = (password: string) => toArrayBuffer(new TextEncoder().encode(password));
const pbe = (password: string) => ({
  password: pw(password),
  contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as AesKeyAlgorithm,
  hmacHashAlgorithm: 'SHA-256',
  iterationCount: 10_000,
});

/**
 * Writes a PKCS#12 file (PBES2/AES-256 + HMAC-SHA-256, readable by OpenSSL 3 and NSS).
 * `certificates` are DER, signer first.
 */
export async function encodePkcs12(pkcs8: Uint8Array, certificates: Uint8Array[], password: string): Promise<Uint8Array> {
  ensureCrypto();
  const keyInfo = pkijs.PrivateKeyInfo.fromBER(toArrayBuffer(pkcs8));
  const keyBag = new pkijs.SafeBag({ bagId: KEY_BAG, bagValue: new pkijs.PKCS8ShroudedKeyBag({ parsedValue: keyInfo }) });
  const certBags = certificates.map(
    (der) =>
      new pkijs.SafeBag({
        bagId: CERT_BAG,
        bagValue: new pkijs.CertBag({ certId: X509_CERT, parsedValue: pkijs.Certificate.fromBER(toArrayBuffer(der)) }),
      }),
  );
  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [keyBag] }) },
            { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certBags }) },
          ],
        },
      }),
    },
  });
  await (keyBag.bagValue as pkijs.PKCS8ShroudedKeyBag).makeInternalValues(pbe(password) as never);
  await pfx.parsedValue!.authenticatedSafe!.makeInternalValues({ safeContents: [{}, pbe(password)] });
  await pfx.makeInternalValues({
    password: pw(password),
    iterations: 10_000,
    pbkdf2HashAlgorithm: { name: 'SHA-256' },
    hmacHashAlgorithm: 'SHA-256',
  } as never);
  return new Uint8Array(pfx.toSchema().toBER(false));
}

export interface DecodedPkcs12 {
  /** PKCS#8 DER of the private key. */
  pkcs8: Uint8Array;
  /** DER certificates in file order. */
  certificates: Uint8Array[];
}

/** Reads a PKCS#12 file; a wrong password is a `SIGNING_WRONG_PASSWORD` error. */
export async function decodePkcs12(data: Uint8Array, password: string): Promise<DecodedPkcs12> {
  ensureCrypto();
  let pfx: pkijs.PFX;
  try {
    const asn = asn1js.fromBER(toArrayBuffer(data));
    if (asn.offset === -1) throw new Error(asn.result.error);
    pfx = new pkijs.PFX({ schema: asn.result });
  } catch (e) {
    throw new SigningError(SigningErrorCode.INVALID_INPUT, `Not a PKCS#12 file: ${(e as Error).message}`);
  }
  try {
    await pfx.parseInternalValues({ password: pw(password), checkIntegrity: true });
  } catch (e) {
    throw new SigningError(SigningErrorCode.WRONG_PASSWORD, 'Wrong password for the PKCS#12 file (integrity check failed)', {
      cause: (e as Error).message,
    });
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new SigningError(SigningErrorCode.INVALID_INPUT, 'PKCS#12 file has no authenticated safe');
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pw(password) })) });
  } catch (e) {
    throw new SigningError(SigningErrorCode.WRONG_PASSWORD, `Cannot decrypt the PKCS#12 contents: ${(e as Error).message}`);
  }
  let pkcs8: Uint8Array | undefined;
  const certificates: Uint8Array[] = [];
  for (const sc of safe.parsedValue?.safeContents ?? []) {
    for (const bag of sc.value.safeBags) {
      if (bag.bagId === KEY_BAG) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        await (shrouded as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password: pw(password) });
        pkcs8 = new Uint8Array(shrouded.parsedValue!.toSchema().toBER(false));
      } else if (bag.bagId === '1.2.840.113549.1.12.10.1.1') {
        pkcs8 = new Uint8Array((bag.bagValue as pkijs.PrivateKeyInfo).toSchema().toBER(false));
      } else if (bag.bagId === CERT_BAG) {
        const cert = (bag.bagValue as pkijs.CertBag).parsedValue as pkijs.Certificate;
        certificates.push(new Uint8Array(cert.toSchema().toBER(false)));
      }
    }
  }
  if (!pkcs8) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, 'The PKCS#12 file holds no private key');
  if (!certificates.length) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, 'The PKCS#12 file holds no certificate');
  return { pkcs8, certificates };
}

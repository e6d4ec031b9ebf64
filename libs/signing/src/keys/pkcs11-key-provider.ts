import { createHash } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import { SigningError, SigningErrorCode } from '../errors';
import type { SignatureAlgorithm } from './signing-key-provider';
import { ecdsaRawToDer, SingleKeyProvider } from './single-key-provider';

export interface Pkcs11Options {
  /** Path of the PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so, a token vendor's .so). */
  module: string;
  /** Slot ID, or index in the list of slots with a token when no slot has that ID. */
  slot: number;
  pin: string;
  /** CKA_LABEL of the private key (and of its certificate). */
  keyLabel: string;
  /** Extra DER issuer certificates when the token holds only the signer's certificate. */
  extraChain?: Uint8Array[];
}

const WRONG_PIN = new Set([pkcs11js.CKR_PIN_INCORRECT, pkcs11js.CKR_PIN_INVALID, pkcs11js.CKR_PIN_LEN_RANGE]);

function tokenError(e: unknown, what: string): SigningError {
  const code = (e as { code?: number }).code;
  if (code !== undefined && WRONG_PIN.has(code)) return new SigningError(SigningErrorCode.WRONG_PIN, 'Wrong PIN for the token');
  if (code === pkcs11js.CKR_PIN_LOCKED) return new SigningError(SigningErrorCode.WRONG_PIN, 'The token PIN is locked (too many wrong PINs)');
  return new SigningError(SigningErrorCode.TOKEN_ERROR, `${what}: ${(e as Error).message}`);
}

/**
 * Signs on a PKCS#11 token or HSM through pkcs11js: the private key stays on the token
 * (C_Sign), only the certificates are read.
 */
export class Pkcs11KeyProvider extends SingleKeyProvider {
  private constructor(
    private readonly p11: pkcs11js.PKCS11,
    private readonly session: Buffer,
    private readonly key: Buffer,
    alg: SignatureAlgorithm,
    chain: Uint8Array[],
  ) {
    super(alg, chain);
  }

  static open(opts: Pkcs11Options): Pkcs11KeyProvider {
    const p11 = new pkcs11js.PKCS11();
    try {
      p11.load(opts.module);
    } catch (e) {
      throw new SigningError(SigningErrorCode.TOKEN_ERROR, `Cannot load PKCS#11 module ${opts.module}: ${(e as Error).message}`);
    }
    try {
      p11.C_Initialize();
    } catch (e) {
      if ((e as { code?: number }).code !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw tokenError(e, 'C_Initialize failed');
    }
    let session: Buffer | undefined;
    try {
      const slots = p11.C_GetSlotList(true);
      const slot = slots.find((s) => Number(s.readBigUInt64LE(0)) === opts.slot) ?? slots[opts.slot];
      if (!slot) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, `No token in slot ${opts.slot} (${slots.length} slot(s) with a token)`);
      session = p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
      try {
        p11.C_Login(session, pkcs11js.CKU_USER, opts.pin);
      } catch (e) {
        if ((e as { code?: number }).code !== pkcs11js.CKR_USER_ALREADY_LOGGED_IN) throw tokenError(e, 'Login failed');
      }
      const find = (template: pkcs11js.Template): Buffer[] => {
        p11.C_FindObjectsInit(session!, template);
        try {
          return p11.C_FindObjects(session!, 64);
        } finally {
          p11.C_FindObjectsFinal(session!);
        }
      };
      const [key] = find([
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_LABEL, value: opts.keyLabel },
      ]);
      if (!key) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, `No private key labelled "${opts.keyLabel}" on the token`);
      const [idAttr, typeAttr] = p11.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_ID }, { type: pkcs11js.CKA_KEY_TYPE }]);
      const keyType = (typeAttr.value as Buffer).readUInt32LE(0);
      const alg: SignatureAlgorithm | undefined =
        keyType === pkcs11js.CKK_RSA ? 'RSASSA-PKCS1-v1_5-SHA256' : keyType === pkcs11js.CKK_EC ? 'ECDSA-P256-SHA256' : undefined;
      if (!alg) throw new SigningError(SigningErrorCode.UNSUPPORTED_KEY, `Unsupported key type ${keyType} on the token (RSA or EC only)`);
      const certValue = (h: Buffer) => new Uint8Array(p11.C_GetAttributeValue(session!, h, [{ type: pkcs11js.CKA_VALUE }])[0].value as Buffer);
      const certs = find([{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }]);
      const ids = certs.map((h) => ({ h, id: p11.C_GetAttributeValue(session!, h, [{ type: pkcs11js.CKA_ID }, { type: pkcs11js.CKA_LABEL }]) }));
      const own = ids.find((c) => (idAttr.value as Buffer).length && (c.id[0].value as Buffer).equals(idAttr.value as Buffer))
        ?? ids.find((c) => (c.id[1].value as Buffer).toString() === opts.keyLabel);
      if (!own) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, `No certificate for key "${opts.keyLabel}" on the token`);
      const chain = [certValue(own.h), ...ids.filter((c) => c !== own).map((c) => certValue(c.h)), ...(opts.extraChain ?? [])];
      return new Pkcs11KeyProvider(p11, session, key, alg, chain);
    } catch (e) {
      if (session) p11.C_CloseSession(session);
      p11.C_Finalize();
      throw e instanceof SigningError ? e : tokenError(e, 'Token error');
    }
  }

  protected async signWithKey(data: Uint8Array): Promise<Uint8Array> {
    try {
      if (this.alg === 'RSASSA-PKCS1-v1_5-SHA256') {
        this.p11.C_SignInit(this.session, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, this.key);
        return new Uint8Array(this.p11.C_Sign(this.session, Buffer.from(data), Buffer.alloc(1024)));
      }
      // CKM_ECDSA signs a digest; hashing is public work, so it is done here.
      this.p11.C_SignInit(this.session, { mechanism: pkcs11js.CKM_ECDSA }, this.key);
      const digest = createHash('sha256').update(data).digest();
      return ecdsaRawToDer(new Uint8Array(this.p11.C_Sign(this.session, digest, Buffer.alloc(256))));
    } catch (e) {
      throw tokenError(e, 'C_Sign failed');
    }
  }

  async close(): Promise<void> {
    try {
      this.p11.C_Logout(this.session);
    } catch {
      /* already logged out */
    }
    this.p11.C_CloseSession(this.session);
    this.p11.C_Finalize();
  }
}

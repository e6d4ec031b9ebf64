import { SigningError, SigningErrorCode } from '../errors';
import type { SignatureAlgorithm, SigningKeyProvider } from './signing-key-provider';

/**
 * What the PKCS#12 and PKCS#11 providers share: one private key with a fixed algorithm and a
 * certificate chain read when the key is opened. `sign` refuses any other algorithm, then
 * lets the subclass sign with its key.
 */
export abstract class SingleKeyProvider implements SigningKeyProvider {
  protected constructor(
    protected readonly alg: SignatureAlgorithm,
    private readonly chain: Uint8Array[],
  ) {}

  async certificateChain(): Promise<Uint8Array[]> {
    return this.chain;
  }

  async algorithm(): Promise<SignatureAlgorithm> {
    return this.alg;
  }

  async sign(data: Uint8Array, algorithm: SignatureAlgorithm): Promise<Uint8Array> {
    if (algorithm !== this.alg) throw new SigningError(SigningErrorCode.UNSUPPORTED_KEY, `This key signs with ${this.alg}, not ${algorithm}`);
    return this.signWithKey(data);
  }

  /** Signs `data` with the key's own algorithm (`this.alg`). */
  protected abstract signWithKey(data: Uint8Array): Promise<Uint8Array>;
}

/** WebCrypto and PKCS#11 give ECDSA as r||s; CMS wants DER SEQUENCE { r INTEGER, s INTEGER }. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    const pad = v[0] & 0x80 ? [0] : [];
    return [0x02, v.length + pad.length, ...pad, ...v];
  };
  const body = [...int(raw.subarray(0, half)), ...int(raw.subarray(half))];
  return Uint8Array.from([0x30, body.length, ...body]);
}

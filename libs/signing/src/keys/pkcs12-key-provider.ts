import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { SigningError, SigningErrorCode } from '../errors';
import { subtle, toArrayBuffer } from '../util/bytes';
import { decodePkcs12 } from './pkcs12-codec';
import type { SignatureAlgorithm } from './signing-key-provider';
import { ecdsaRawToDer, SingleKeyProvider } from './single-key-provider';

/**
 * Key from a PKCS#12 file — acceptable for development only (domain §7): in production
 * officers sign on a token (PKCS#11) or through a remote signing service.
 */
export class Pkcs12KeyProvider extends SingleKeyProvider {
  private constructor(
    private readonly key: CryptoKey,
    alg: SignatureAlgorithm,
    chain: Uint8Array[],
  ) {
    super(alg, chain);
  }

  static async open(p12: Uint8Array, password: string): Promise<Pkcs12KeyProvider> {
    const { pkcs8, certificates } = await decodePkcs12(p12, password);
    const nodeKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(nodeKey).export({ format: 'der', type: 'spki' });
    const leafIndex = certificates.findIndex((c) => new X509Certificate(c).publicKey.export({ format: 'der', type: 'spki' }).equals(spki));
    if (leafIndex < 0) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, 'No certificate in the PKCS#12 file matches its private key');
    const chain = [certificates[leafIndex], ...certificates.filter((_, i) => i !== leafIndex)];
    let alg: SignatureAlgorithm;
    let key: CryptoKey;
    if (nodeKey.asymmetricKeyType === 'rsa') {
      alg = 'RSASSA-PKCS1-v1_5-SHA256';
      key = await subtle.importKey('pkcs8', toArrayBuffer(pkcs8), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    } else if (nodeKey.asymmetricKeyType === 'ec' && nodeKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
      alg = 'ECDSA-P256-SHA256';
      key = await subtle.importKey('pkcs8', toArrayBuffer(pkcs8), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    } else {
      throw new SigningError(SigningErrorCode.UNSUPPORTED_KEY, `Unsupported key type ${nodeKey.asymmetricKeyType} (RSA or EC P-256 only)`);
    }
    return new Pkcs12KeyProvider(key, alg, chain);
  }

  protected async signWithKey(data: Uint8Array): Promise<Uint8Array> {
    if (this.alg === 'RSASSA-PKCS1-v1_5-SHA256') {
      return new Uint8Array(await subtle.sign('RSASSA-PKCS1-v1_5', this.key, toArrayBuffer(data)));
    }
    const raw = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, this.key, toArrayBuffer(data)));
    return ecdsaRawToDer(raw);
  }
}

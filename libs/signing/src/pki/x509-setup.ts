import { webcrypto } from 'node:crypto';
import * as x509 from './x509';
import * as pkijs from 'pkijs';

/** One place that points @peculiar/x509 and pkijs at Node's WebCrypto. */
let done = false;
export function ensureCrypto(): void {
  if (done) return;
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));
  done = true;
}

import * as pkijs from 'pkijs';
import { toArrayBuffer } from '../util/bytes';
import { X509Certificate } from './x509';

/** how many certificates are kept parsed (a process signs with a handful of seals and officers) */
const MAX = 200;

/** `derive(der)` computed once per certificate (keyed by its bytes) and kept while the process runs */
export function perCertificate<T>(parse: (der: Uint8Array) => T): (der: Uint8Array) => T {
  const cache = new Map<string, T>();
  return (der) => {
    const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
    let value = cache.get(key);
    if (value === undefined) {
      value = parse(der);
      if (cache.size >= MAX) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}

/**
 * A certificate's DER parsed once per process (keyed by its bytes): parsing the seal's chain with
 * pkijs/asn1js for every signature was a third of sealing a notice (W2 profile, session 6). The
 * objects are only read (issuer, serial number, re-encoding into the CMS), never changed.
 */
export const pkijsCertificate = perCertificate((der) => pkijs.Certificate.fromBER(toArrayBuffer(der)));

/** the same for @peculiar/x509 (subject fields of the stamp) */
export const x509Certificate = perCertificate((der) => new X509Certificate(toArrayBuffer(der)));

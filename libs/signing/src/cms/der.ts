import * as asn1js from 'asn1js';
import { SigningError, SigningErrorCode } from '../errors';
import { toArrayBuffer } from '../util/bytes';

/** Parses one DER value, ignoring trailing bytes (a PDF /Contents is zero-padded). */
export function parseDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const len = derLength(bytes);
  const res = asn1js.fromBER(toArrayBuffer(bytes.subarray(0, len ?? bytes.length)));
  if (res.offset === -1) throw new SigningError(SigningErrorCode.CORRUPTED_CMS, `Corrupted ${what}: ${res.result.error}`);
  return res.result;
}

/** Total length of the DER TLV at the start of `b` (undefined for indefinite length). */
export function derLength(b: Uint8Array): number | undefined {
  if (b.length < 2) return undefined;
  const first = b[1];
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || b.length < 2 + n) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i];
  return 2 + n + len;
}

/** DER ordering of a SET OF: compare encodings byte by byte (X.690 11.6). */
export function derSetOrder(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x - y;
  }
  return 0;
}

/**
 * One DER TLV (X.690 8.1): a one-byte tag, the definite length in its shortest form, then
 * `contents` (already DER) one after the other.
 */
export function derTlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const size = contents.reduce((n, c) => n + c.length, 0);
  const lengthBytes: number[] = [];
  for (let n = size; n > 0; n = Math.floor(n / 256)) lengthBytes.unshift(n % 256);
  const head = size < 0x80 ? [tag, size] : [tag, 0x80 | lengthBytes.length, ...lengthBytes];
  const out = new Uint8Array(head.length + size);
  out.set(head, 0);
  let at = head.length;
  for (const c of contents) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

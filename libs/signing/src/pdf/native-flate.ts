import { deflateSync } from 'node:zlib';
import { PDFContentStream, PDFName, PDFRawStream, type PDFContext, type PDFDict } from 'pdf-lib';

const FLATE = PDFName.of('FlateDecode');

/** the same zlib-wrapped DEFLATE (/FlateDecode) pdf-lib writes, compressed by Node's zlib */
export function nativeFlateStream(dict: PDFDict, unencoded: Uint8Array): PDFRawStream {
  dict.set(PDFName.of('Filter'), FLATE);
  return PDFRawStream.of(dict, deflateSync(unencoded));
}

/**
 * Compresses every content stream of `context` (pages, form XObjects such as a signature stamp) with
 * Node's native zlib before the document is written. pdf-lib deflates them on save with pako, a
 * JavaScript port of zlib: ≈ 3.4 ms of a ≈ 10 ms notice render, and each call allocates its own
 * window buffers (GC) — W2 profile, session 9. The bytes stay the FlateDecode a reader expects and
 * are deterministic for a given input (fixed compression level). Call it once nothing more is drawn:
 * the content streams become raw streams, so later drawing on the same pages would be lost.
 */
export function deflateContentStreams(context: PDFContext): void {
  for (const [ref, obj] of context.enumerateIndirectObjects()) {
    if (obj instanceof PDFContentStream) context.assign(ref, nativeFlateStream(obj.dict, obj.getUnencodedContents()));
  }
}

import { PDFContext, PDFCrossRefStream, PDFDict, PDFName, PDFNumber, PDFObject, PDFRef } from 'pdf-lib';
import { SigningError, SigningErrorCode } from '../errors';
import { concatBytes, latin1 } from '../util/bytes';
import { nativeFlateStream } from './native-flate';

/**
 * Appends an incremental update (ISO 32000-1 §7.5.6) to an existing PDF: the original
 * bytes stay untouched — which keeps earlier signatures valid — and the changed and new
 * objects follow with their own cross-reference section pointing back (/Prev) to the
 * previous one. pdf-lib parses and builds objects but only writes whole files, so the
 * update itself is written here.
 */
export interface IncrementalUpdate {
  bytes: Uint8Array;
  /** Byte offset of each written object in `bytes`. */
  offsets: Map<number, number>;
}

export function findStartXref(pdf: Uint8Array): number {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 2048))).toString('latin1');
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? /startxref\s+(\d+)\s+%%EOF/.exec(tail);
  if (!m) throw new SigningError(SigningErrorCode.MALFORMED_PDF, 'PDF has no startxref/%%EOF trailer');
  return Number(m[1]);
}

/**
 * /Size of the newest cross-reference section. pdf-lib does not keep object-stream and
 * xref-stream objects in its context, so its largestObjectNumber can be too low; new
 * objects must be numbered from here or they would replace those streams.
 */
export function trailerSize(pdf: Uint8Array): number {
  const at = findStartXref(pdf);
  const text = Buffer.from(pdf.subarray(at, Math.min(pdf.length, at + 65_536))).toString('latin1');
  const dictStart = text.startsWith('xref') ? text.indexOf('trailer') : 0;
  const m = /\/Size\s+(\d+)/.exec(text.slice(Math.max(0, dictStart)));
  if (!m) throw new SigningError(SigningErrorCode.MALFORMED_PDF, 'PDF trailer has no /Size');
  return Number(m[1]);
}

function usesXrefStream(pdf: Uint8Array, startXref: number): boolean {
  const head = Buffer.from(pdf.subarray(startXref, startXref + 32)).toString('latin1');
  return !head.startsWith('xref');
}

function objectBytes(ref: PDFRef, obj: PDFObject): Uint8Array {
  const body = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(body, 0);
  return concatBytes(latin1(`${ref.objectNumber} ${ref.generationNumber} obj\n`), body, latin1('\nendobj\n'));
}

/** Groups sorted object numbers into xref subsections. */
function subsections(nums: number[]): number[][] {
  const out: number[][] = [];
  for (const n of nums) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1] === n - 1) last.push(n);
    else out.push([n]);
  }
  return out;
}

export function writeIncrementalUpdate(
  original: Uint8Array,
  context: PDFContext,
  refs: PDFRef[],
): IncrementalUpdate {
  const prev = findStartXref(original);
  const parts: Uint8Array[] = [original];
  let pos = original.length;
  const push = (b: Uint8Array) => {
    parts.push(b);
    pos += b.length;
  };
  if (original[original.length - 1] !== 0x0a && original[original.length - 1] !== 0x0d) push(latin1('\n'));

  const sorted = [...new Map(refs.map((r) => [r.objectNumber, r])).values()].sort((a, b) => a.objectNumber - b.objectNumber);
  const offsets = new Map<number, number>();
  for (const ref of sorted) {
    const obj = context.lookup(ref);
    if (!obj) throw new Error(`object ${ref.objectNumber} vanished`);
    offsets.set(ref.objectNumber, pos);
    push(objectBytes(ref, obj));
  }

  const info = context.trailerInfo;
  const trailerEntries: Record<string, PDFObject> = { Root: info.Root as PDFObject, Prev: PDFNumber.of(prev) };
  if (info.Info) trailerEntries.Info = info.Info as PDFObject;
  if (info.ID) trailerEntries.ID = info.ID as PDFObject;

  const xrefAt = pos;
  if (usesXrefStream(original, prev)) {
    const xrefRef = context.nextRef();
    const dict = context.obj({ Type: 'XRef', Size: xrefRef.objectNumber + 1 }) as PDFDict;
    for (const [k, v] of Object.entries(trailerEntries)) dict.set(PDFName.of(k), v);
    const stream = PDFCrossRefStream.create(dict, false);
    for (const ref of sorted) stream.addUncompressedEntry(ref, offsets.get(ref.objectNumber)!);
    stream.addUncompressedEntry(xrefRef, xrefAt);
    stream.updateDict(); // /W and /Index
    push(objectBytes(xrefRef, nativeFlateStream(stream.dict, stream.getUnencodedContents())));
  } else {
    const size = context.largestObjectNumber + 1;
    let table = 'xref\n';
    for (const group of subsections(sorted.map((r) => r.objectNumber))) {
      table += `${group[0]} ${group.length}\n`;
      for (const n of group) {
        const gen = sorted.find((r) => r.objectNumber === n)!.generationNumber;
        table += `${String(offsets.get(n)).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`;
      }
    }
    const trailer = context.obj({ Size: size }) as PDFDict;
    for (const [k, v] of Object.entries(trailerEntries)) trailer.set(PDFName.of(k), v);
    push(latin1(`${table}trailer\n${trailer.toString()}\n`));
  }
  push(latin1(`startxref\n${xrefAt}\n%%EOF\n`));
  return { bytes: concatBytes(...parts), offsets };
}

import { PDFArray, PDFDict, PDFName, PDFObject, PDFRawStream, PDFStream, type PDFContext } from 'pdf-lib';

/**
 * Objects of a fixed font set (fixed-set-font.ts) that never change after the set is built, shared
 * by every document the set is embedded into instead of copied: pdf-lib's PDFObjectCopier clones
 * each number of a font's widths array and every byte of its font program and ToUnicode map
 * (≈ 0.4 ms and ≈ 170 KB of garbage per rendered notice, W2 profile session 9). pdf-lib has no
 * immutable object, so these two small classes are one: `clone` hands out the same bytes.
 */

/** a direct value written as fixed PDF syntax (here: a font's /W array) */
class FrozenValue extends PDFObject {
  constructor(private readonly syntax: string) {
    super();
  }

  override clone(): FrozenValue {
    return this;
  }

  override toString(): string {
    return this.syntax;
  }

  override sizeInBytes(): number {
    return this.syntax.length;
  }

  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    for (let i = 0; i < this.syntax.length; i++) buffer[offset + i] = this.syntax.charCodeAt(i);
    return this.syntax.length;
  }
}

/** an encoded stream whose contents are shared by its copies (each copy gets its own dictionary) */
class SharedStream extends PDFStream {
  constructor(
    dict: PDFDict,
    private readonly contents: Uint8Array,
  ) {
    super(dict);
  }

  override clone(context?: PDFContext): SharedStream {
    return new SharedStream(this.dict.clone(context), this.contents);
  }

  override getContents(): Uint8Array {
    return this.contents;
  }

  override getContentsSize(): number {
    return this.contents.length;
  }

  override getContentsString(): string {
    return Buffer.from(this.contents.buffer, this.contents.byteOffset, this.contents.byteLength).toString('latin1');
  }
}

/** Freezes the streams and the /W arrays of the fonts in `context` (a font set's own document, after embedding). */
export function shareFontObjects(context: PDFContext): void {
  for (const [ref, obj] of context.enumerateIndirectObjects()) {
    if (obj instanceof PDFRawStream) context.assign(ref, new SharedStream(obj.dict, obj.getContents()));
    else if (obj instanceof PDFDict && obj.get(PDFName.of('W')) instanceof PDFArray) obj.set(PDFName.of('W'), new FrozenValue(obj.get(PDFName.of('W'))!.toString()));
  }
}

import { CustomFontEmbedder, PDFDocument, PDFFont, PDFHexString, PDFObjectCopier, PDFRef, type PDFContext } from 'pdf-lib';
import { parsedFontkit } from './parsed-fontkit';
import { shareFontObjects } from './shared-font-objects';

/**
 * Every character a Vietnamese administrative form writes: printable ASCII, the Vietnamese letters
 * (precomposed, NFC — Latin-1, Latin Extended-A/B and U+1EA0–U+1EF9) and the punctuation of our
 * templates. Text outside it is still rendered, by the ordinary per-document subset (see
 * `FixedSetMissError`).
 */
const VIETNAMESE =
  'ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư' + Array.from({ length: 0x1ef9 - 0x1ea0 + 1 }, (_, i) => String.fromCodePoint(0x1ea0 + i)).join('');
export const FIXED_CHARSET = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)).join('') + VIETNAMESE + '\u00a0–—‘’“”…·•°§×№';

/** a glyph the fixed set does not hold: the caller renders again with an ordinary subset */
export class FixedSetMissError extends Error {
  constructor(readonly text: string) {
    super(`glyph outside the fixed character set in "${text.slice(0, 40)}"`);
  }
}

type ParsedFont = CustomFontEmbedder['font'];
type Features = CustomFontEmbedder['fontFeatures'];

/** the font objects of one fixed set, built once per process in a document of their own */
interface FixedSet {
  font: ParsedFont;
  data: Uint8Array;
  customName: string;
  features: Features;
  /** original glyph id → glyph id in the embedded subset */
  ids: Map<number, number>;
  source: PDFContext;
  fontDict: PDFRef;
}

const sets = new Map<string, Promise<FixedSet>>();
const byteIds = new WeakMap<Uint8Array, number>();
let nextBytesId = 0;

/**
 * The subset of FIXED_CHARSET embedded once with pdf-lib's own subset embedder (glyph program,
 * widths, ToUnicode — the part of a render that costs most: fontkit's subset encoding and the
 * deflate of the font program, W2 profile session 6). The subset gives glyph ids 1, 2, … in the
 * order the glyphs are first met (0 is .notdef); the same walk over the laid-out charset gives our id map, and
 * the encoded charset checks that both agree.
 */
async function buildSet(data: Uint8Array, customName: string, features: Features): Promise<FixedSet> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(parsedFontkit);
  const pdfFont = await doc.embedFont(data, { subset: true, customName, ...(features ? { features } : {}) });
  const font = parsedFontkit.create(data);
  // glyph 0 (.notdef: a character the font lacks) stays 0, as in any subset
  const ids = new Map<number, number>([[0, 0]]);
  const expected: string[] = [];
  for (const glyph of font.layout(FIXED_CHARSET, features).glyphs) {
    if (!ids.has(glyph.id)) ids.set(glyph.id, ids.size);
    expected.push(ids.get(glyph.id)!.toString(16).toUpperCase().padStart(4, '0'));
  }
  const encoded = pdfFont.encodeText(FIXED_CHARSET).asString().toUpperCase();
  if (encoded !== expected.join('')) throw new Error('internal: the fixed font subset numbers its glyphs differently than expected');
  await pdfFont.embed();
  shareFontObjects(doc.context);
  return { font, data, customName, features, ids, source: doc.context, fontDict: pdfFont.ref };
}

function fixedSet(data: Uint8Array, customName: string, features: Features): Promise<FixedSet> {
  let id = byteIds.get(data);
  if (id === undefined) {
    id = nextBytesId++;
    byteIds.set(data, id);
  }
  const key = `${id}\u0000${customName}\u0000${JSON.stringify(features ?? null)}`;
  let set = sets.get(key);
  if (!set) {
    set = buildSet(data, customName, features);
    sets.set(key, set);
    set.catch(() => sets.delete(key));
  }
  return set;
}

/**
 * pdf-lib's embedder for a fixed set: text is laid out on the whole font (same glyphs and widths
 * as the ordinary subset), encoded with the set's glyph ids, and the font objects are copied
 * from the set's own document instead of being subset, encoded and compressed again.
 */
class FixedSetEmbedder extends CustomFontEmbedder {
  constructor(
    private readonly set: FixedSet,
    private readonly byWord = false,
  ) {
    super(set.font, set.data, set.customName, set.features);
  }

  override encodeText(text: string): PDFHexString {
    if (!this.byWord) return PDFHexString.of(this.glyphHex(text, text));
    let hex = '';
    for (const token of text.split(WORD_GAPS)) if (token) hex += this.glyphHex(token, text);
    return PDFHexString.of(hex);
  }

  /** the set's glyph ids of `text` laid out on the whole font, as hex (`line`: for the error) */
  private glyphHex(text: string, line: string): string {
    let hex = '';
    for (const glyph of this.font.layout(text, this.fontFeatures).glyphs) {
      const id = this.set.ids.get(glyph.id);
      if (id === undefined) throw new FixedSetMissError(line);
      hex += id.toString(16).padStart(4, '0');
    }
    return hex;
  }

  /** true when every glyph of these texts is in the set */
  covers(texts: string[]): boolean {
    return texts.every((t) => this.font.layout(t, this.fontFeatures).glyphs.every((g) => this.set.ids.has(g.id)));
  }

  override async embedIntoContext(context: PDFContext, ref?: PDFRef): Promise<PDFRef> {
    const copied = PDFObjectCopier.for(this.set.source, context).copy(this.set.source.lookup(this.set.fontDict)!);
    if (ref) {
      context.assign(ref, copied);
      return ref;
    }
    return context.register(copied);
  }
}

/** the spaces between words: a line laid out word by word (`byWord`) is cut there */
const WORD_GAPS = /([ \u00a0]+)/;

export interface FixedSetOptions {
  /**
   * Lay text out word by word (cut at spaces and no-break spaces) instead of line by line: the words
   * repeat from one document to the next, so their glyph runs come from the layout cache, where most
   * lines of a notice occur once (≈ 0.7 ms of a render, W2 profile session 9). The same glyphs only for
   * a font none of whose applied GSUB lookups involves a space — the caller checks its font (for the
   * forms' Be Vietnam Pro: libs/documents form-fonts.spec).
   */
  byWord?: boolean;
}

export interface FixedSetFont {
  /** true when every glyph of these texts is in the fixed set (else encodeText throws FixedSetMissError) */
  covers(texts: string[]): boolean;
  /** adds the set's font objects to `doc` now; only the text drawn with the font is per document */
  embed(doc: PDFDocument): Promise<PDFFont>;
}

/**
 * A TrueType font whose glyphs are FIXED_CHARSET, built once per process for these bytes, name
 * and features (pass the same byte array and features object every time). `encodeText` of text
 * outside the set throws FixedSetMissError (render again with an ordinary subset, or check
 * `covers` first).
 */
export async function fixedSetFont(data: Uint8Array, customName: string, features?: Features, options: FixedSetOptions = {}): Promise<FixedSetFont> {
  const set = await fixedSet(data, customName, features);
  const probe = new FixedSetEmbedder(set);
  return {
    covers: (texts) => probe.covers(texts),
    async embed(doc) {
      const font = PDFFont.of(doc.context.nextRef(), doc, new FixedSetEmbedder(set, options.byWord));
      await font.embed();
      return font;
    },
  };
}

import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/**
 * Be Vietnam Pro (SIL OFL 1.1) as full TrueType files from @expo-google-fonts/be-vietnam-pro:
 * the @fontsource package only ships per-script subsets (latin / latin-ext / vietnamese in
 * separate files), and Vietnamese text needs glyphs from all three in one font.
 */
const FILES = {
  regular: '@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf',
  bold: '@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf',
  italic: '@expo-google-fonts/be-vietnam-pro/400Regular_Italic/BeVietnamPro_400Regular_Italic.ttf',
} as const;

export type FontStyle = keyof typeof FILES;
export type FormFonts = Record<FontStyle, PDFFont>;

let cache: Record<FontStyle, Uint8Array> | undefined;

/**
 * Parsing a TrueType file is most of the cost of a render: parse each of our three files once
 * and hand pdf-lib the parsed font (fontkit fonts are read-only; each document makes its own
 * subset of it).
 */
const parsed = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
const cachingFontkit: typeof fontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(data, postscriptName);
    let font = parsed.get(data);
    if (!font) {
      font = fontkit.create(data);
      parsed.set(data, font);
    }
    return font;
  },
};

function fontBytes(): Record<FontStyle, Uint8Array> {
  cache ??= {
    regular: readFileSync(require.resolve(FILES.regular)),
    bold: readFileSync(require.resolve(FILES.bold)),
    italic: readFileSync(require.resolve(FILES.italic)),
  };
  return cache;
}

/** Embeds the three styles, glyph-subset; ligatures off so extracted text is the typed text. */
export async function embedFormFonts(doc: PDFDocument): Promise<FormFonts> {
  doc.registerFontkit(cachingFontkit);
  const bytes = fontBytes();
  const features = { liga: false, clig: false, dlig: false };
  // `XXXXXX+Name` is how a PDF marks a subset font (ISO 32000-1 §9.6.4); a fixed tag keeps the
  // output deterministic.
  const embed = (data: Uint8Array, customName: string) => doc.embedFont(data, { subset: true, features, customName });
  return {
    regular: await embed(bytes.regular, 'TTHCRG+BeVietnamPro-Regular'),
    bold: await embed(bytes.bold, 'TTHCBD+BeVietnamPro-Bold'),
    italic: await embed(bytes.italic, 'TTHCIT+BeVietnamPro-Italic'),
  };
}

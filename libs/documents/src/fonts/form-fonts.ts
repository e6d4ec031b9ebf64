import { readFileSync } from 'node:fs';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { fixedSetFont, parsedFontkit } from '@tthc/signing';

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

function fontBytes(): Record<FontStyle, Uint8Array> {
  cache ??= {
    regular: readFileSync(require.resolve(FILES.regular)),
    bold: readFileSync(require.resolve(FILES.bold)),
    italic: readFileSync(require.resolve(FILES.italic)),
  };
  return cache;
}

/**
 * ligatures off; one object for every document, so each string's layout is reused (parsed-fontkit.ts).
 * Text is laid out word by word (`byWord`): with these features no GSUB lookup Be Vietnam Pro applies
 * involves a space (form-fonts.spec), so the glyphs are those of the whole line.
 */
const FEATURES = { liga: false, clig: false, dlig: false };

/**
 * Embeds the three styles; ligatures off so extracted text is the typed text. `fixed` (the
 * default): the styles' FIXED_CHARSET subsets built once per process (fixed-set-font.ts), and
 * drawing text outside that set throws FixedSetMissError; `subset`: an ordinary subset of the
 * glyphs this document draws, for any text.
 */
export async function embedFormFonts(doc: PDFDocument, mode: 'fixed' | 'subset' = 'fixed'): Promise<FormFonts> {
  // each file parsed once per process, each string laid out once (parsed-fontkit.ts)
  doc.registerFontkit(parsedFontkit);
  const bytes = fontBytes();
  // `XXXXXX+Name` is how a PDF marks a subset font (ISO 32000-1 §9.6.4); a fixed tag keeps the
  // output deterministic.
  const embed = async (data: Uint8Array, customName: string) =>
    mode === 'fixed' ? (await fixedSetFont(data, customName, FEATURES, { byWord: true })).embed(doc) : doc.embedFont(data, { subset: true, features: FEATURES, customName });
  return {
    regular: await embed(bytes.regular, 'TTHCRG+BeVietnamPro-Regular'),
    bold: await embed(bytes.bold, 'TTHCBD+BeVietnamPro-Bold'),
    italic: await embed(bytes.italic, 'TTHCIT+BeVietnamPro-Italic'),
  };
}

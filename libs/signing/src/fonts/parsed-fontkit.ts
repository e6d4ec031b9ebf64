import fontkit from '@pdf-lib/fontkit';

type Font = ReturnType<typeof fontkit.create>;
type GlyphRun = ReturnType<Font['layout']>;

/** how many laid-out strings a font keeps (the fixed wording of our forms repeats on every notice) */
const MAX_RUNS = 20_000;

/**
 * Lays out each (text, features) once per font: pdf-lib shapes a string with fontkit
 * (GSUB/GPOS lookups) on every `drawText` and every `widthOfTextAtSize`, and the fixed text of a
 * form (titles, labels, legal basis) is the same on every notice — shaping it again was the largest
 * part of a render (W2 profile, session 6). A glyph run is only read by pdf-lib (glyph ids and
 * advance widths for the content stream and the subset), so handing the same run out again
 * produces the same bytes. Features are keyed by identity: callers pass one constant object.
 */
function memoizeLayout(font: Font): Font {
  const layout = font.layout.bind(font);
  const byFeatures = new WeakMap<object, Runs>();
  const noFeatures = new Runs();
  font.layout = ((text: string, features?: object, ...rest: unknown[]) => {
    if (rest.length > 0 || (features !== undefined && (typeof features !== 'object' || features === null))) return layout(text, features as never, ...(rest as []));
    let runs = features ? byFeatures.get(features) : noFeatures;
    if (!runs) {
      runs = new Runs();
      byFeatures.set(features!, runs);
    }
    return runs.get(text) ?? runs.keep(text, layout(text, features as never));
  }) as Font['layout'];
  return font;
}

/**
 * The glyph runs of one font and feature set. A run is kept from the second time its text is
 * laid out: most lines of a notice that are not fixed wording (a name, a dossier code) occur once,
 * and keeping their runs made every render's garbage survive into the old generation (W2 GC trace,
 * session 9: ≈ 1.5 MB promoted per scavenge); texts seen once are remembered by their string only.
 */
class Runs {
  private readonly runs = new Map<string, GlyphRun>();
  private readonly seen = new Set<string>();

  get(text: string): GlyphRun | undefined {
    return this.runs.get(text);
  }

  keep(text: string, run: GlyphRun): GlyphRun {
    if (this.seen.delete(text)) {
      if (this.runs.size >= MAX_RUNS) this.runs.clear();
      this.runs.set(text, run);
    } else {
      if (this.seen.size >= MAX_RUNS) this.seen.clear();
      this.seen.add(text);
    }
    return run;
  }
}

const parsed = new WeakMap<Uint8Array, Font>();

/**
 * fontkit for pdf-lib (`doc.registerFontkit(parsedFontkit)`) that parses each font file once per
 * process (keyed by the identity of its bytes: callers read a file once and keep the array) and
 * lays out each string once (memoizeLayout). fontkit fonts are read-only; every document still
 * makes its own subset of the glyphs it uses.
 */
export const parsedFontkit: typeof fontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(data, postscriptName);
    let font = parsed.get(data);
    if (!font) {
      font = memoizeLayout(fontkit.create(data));
      parsed.set(data, font);
    }
    return font;
  },
};

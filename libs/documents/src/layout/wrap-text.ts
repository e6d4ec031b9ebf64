import type { PDFFont } from 'pdf-lib';

/** A piece of text in one font; paragraphs are runs (e.g. a bold label then a regular value). */
export interface TextRun {
  text: string;
  font: PDFFont;
}

export interface LineSegment extends TextRun {
  width: number;
}

export interface LaidOutLine {
  segments: LineSegment[];
  width: number;
}

/** Vietnamese is stored precomposed (NFC) so each letter maps to one glyph of the font. */
export const normalizeText = (s: string): string => s.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ');

/** how many widths are kept (the words of our forms repeat from one render to the next) */
const MAX_WIDTHS = 50_000;
/** font name → size → text → width (nested maps: a joined key string cost more than the lookup, W2 profile session 9) */
const widths = new Map<string, Map<number, Map<string, number>>>();
let widthCount = 0;

/**
 * `font.widthOfTextAtSize`, remembered per font name, size and text: pdf-lib shapes the text
 * with fontkit (GSUB/GPOS) on every call, and measuring words for line breaking was the largest
 * part of rendering a notice (W2 profile). Our embedded fonts have fixed subset names and
 * features, so the name identifies the font; the value is the one pdf-lib computes.
 */
export function textWidth(font: PDFFont, text: string, size: number): number {
  let bySize = widths.get(font.name);
  if (!bySize) widths.set(font.name, (bySize = new Map()));
  let byText = bySize.get(size);
  if (!byText) bySize.set(size, (byText = new Map()));
  let w = byText.get(text);
  if (w === undefined) {
    w = font.widthOfTextAtSize(text, size);
    if (++widthCount > MAX_WIDTHS) {
      widths.clear();
      widthCount = 0;
    }
    byText.set(text, w);
  }
  return w;
}

/** Splits a word wider than the line into pieces that fit (by characters). */
function breakWord(word: string, font: PDFFont, size: number, width: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const ch of Array.from(word)) {
    if (current && textWidth(font, current + ch, size) > width) {
      pieces.push(current);
      current = ch;
    } else {
      current += ch;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/**
 * Greedy line breaking over runs of different fonts: breaks at spaces, honours `\n`,
 * and breaks a word that is wider than the line by characters.
 */
export function layoutRuns(runs: TextRun[], size: number, width: number): LaidOutLine[] {
  const lines: LaidOutLine[] = [];
  let line: LaidOutLine = { segments: [], width: 0 };
  const push = (text: string, font: PDFFont) => {
    const w = textWidth(font, text, size);
    const last = line.segments[line.segments.length - 1];
    if (last && last.font === font) {
      last.text += text;
      last.width += w;
    } else {
      line.segments.push({ text, font, width: w });
    }
    line.width += w;
  };
  const newLine = () => {
    // a line never ends with the space that caused the break
    const last = line.segments[line.segments.length - 1];
    if (last && /\s+$/.test(last.text)) {
      const trimmed = last.text.replace(/\s+$/, '');
      line.width -= last.width - textWidth(last.font, trimmed, size);
      last.width = textWidth(last.font, trimmed, size);
      last.text = trimmed;
    }
    lines.push(line);
    line = { segments: [], width: 0 };
  };
  for (const run of runs) {
    const paragraphs = normalizeText(run.text).split('\n');
    paragraphs.forEach((para, pi) => {
      if (pi > 0) newLine();
      for (const token of para.split(/(\s+)/).filter((t) => t.length > 0)) {
        const isSpace = /^\s+$/.test(token);
        if (isSpace) {
          // spaces are kept as typed inside a line (a gap between two fields), dropped at its start
          if (line.segments.length > 0) push(token, run.font);
          continue;
        }
        const w = textWidth(run.font, token, size);
        if (line.width + w <= width) {
          push(token, run.font);
          continue;
        }
        if (line.segments.length > 0) newLine();
        if (w <= width) {
          push(token, run.font);
          continue;
        }
        const pieces = breakWord(token, run.font, size, width);
        pieces.forEach((piece, i) => {
          if (i > 0) newLine();
          push(piece, run.font);
        });
      }
    });
  }
  if (line.segments.length > 0 || lines.length === 0) newLine();
  return lines;
}

/** Plain text in one font, wrapped to `width`. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  return layoutRuns([{ text, font }], size, width).map((l) => l.segments.map((s) => s.text).join(''));
}

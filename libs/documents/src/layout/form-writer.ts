import {
  beginText,
  endText,
  moveText,
  PageSizes,
  PDFDocument,
  PDFFont,
  PDFName,
  PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingColor,
  setFontAndSize,
  showText,
} from 'pdf-lib';
import type { FontStyle, FormFonts } from '../fonts/form-fonts';
import { layoutRuns, LaidOutLine, TextRun } from './wrap-text';

export type Align = 'left' | 'center' | 'right';

export interface ParagraphStyle {
  font?: FontStyle;
  size?: number;
  align?: Align;
  /** Extra left indent of every line. */
  indent?: number;
  /** Height of what must stay on the same page as this paragraph (e.g. the signatures below). */
  keepWith?: number;
  /** Space after the paragraph. */
  after?: number;
}

export const BLACK = rgb(0, 0, 0);

/** a line of one font, left end of its baseline at (x, y) */
export interface TextPiece {
  text: string;
  font: PDFFont;
  x: number;
  y: number;
}
/** A4 portrait, margins as in administrative documents (left 30 mm, right 20 mm, top/bottom 20 mm). */
export const PAGE = { width: PageSizes.A4[0], height: PageSizes.A4[1], left: 85, right: 57, top: 57, bottom: 57 } as const;
export const BODY_SIZE = 11;
export const LEADING = 1.4;

/**
 * A cursor that writes a form top-down and starts a new page whenever the next piece does not
 * fit. Everything the forms draw goes through it, so page overflow works the same everywhere.
 */
export class FormWriter {
  readonly pages: PDFPage[] = [];
  /** Baseline cursor: the top of the next thing to draw (PDF coordinates, y grows upwards). */
  y = 0;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: FormFonts,
  ) {
    this.newPage();
  }

  get page(): PDFPage {
    return this.pages[this.pages.length - 1];
  }

  get contentWidth(): number {
    return PAGE.width - PAGE.left - PAGE.right;
  }

  newPage(): void {
    this.pages.push(this.doc.addPage([PAGE.width, PAGE.height]));
    this.y = PAGE.height - PAGE.top;
  }

  /** Room left on this page above the bottom margin. */
  get room(): number {
    return this.y - PAGE.bottom;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (height > this.room) this.newPage();
  }

  gap(height: number): void {
    this.y -= height;
  }

  font(style: FontStyle = 'regular'): PDFFont {
    return this.fonts[style];
  }

  /** Draws laid-out lines at `x` within `width`, top at `top`; returns the height used. */
  drawLines(page: PDFPage, lines: LaidOutLine[], x: number, top: number, width: number, size: number, align: Align = 'left'): number {
    const lead = size * LEADING;
    const pieces: TextPiece[] = [];
    lines.forEach((line, i) => {
      let cx = x + (align === 'center' ? (width - line.width) / 2 : align === 'right' ? width - line.width : 0);
      const baseline = top - i * lead - size;
      for (const seg of line.segments) {
        pieces.push({ text: seg.text, font: seg.font, x: cx, y: baseline });
        cx += seg.width;
      }
    });
    this.showText(page, size, pieces);
    return lines.length * lead;
  }

  /**
   * Shows each piece (one line of one font) in black at its baseline position. Written with
   * pdf-lib's text operators rather than `page.drawText`, which adds two font names to the page's
   * resources on every call (≈ 60 on a receipt, rewritten again by each signature's incremental
   * update) and ten operands per piece; here each font is named once per page.
   */
  showText(page: PDFPage, size: number, pieces: TextPiece[]): void {
    if (pieces.length === 0) return;
    const ops = [pushGraphicsState(), setFillingColor(BLACK)];
    for (const p of pieces) {
      ops.push(beginText(), setFontAndSize(this.fontName(page, p.font), size), moveText(p.x, p.y), showText(p.font.encodeText(p.text)), endText());
    }
    ops.push(popGraphicsState());
    page.pushOperators(...ops);
  }

  private readonly fontNames = new Map<PDFPage, Map<PDFFont, PDFName>>();

  /** the font's name in the page's resources, added on first use */
  private fontName(page: PDFPage, font: PDFFont): PDFName {
    let names = this.fontNames.get(page);
    if (!names) this.fontNames.set(page, (names = new Map()));
    let name = names.get(font);
    if (!name) names.set(font, (name = page.node.newFontDictionary(font.name, font.ref)));
    return name;
  }

  /** A paragraph of runs, wrapped to the content width, flowing onto new pages line by line. */
  runs(runs: TextRun[], style: ParagraphStyle = {}): void {
    const size = style.size ?? BODY_SIZE;
    const indent = style.indent ?? 0;
    const width = this.contentWidth - indent;
    const lead = size * LEADING;
    const lines = layoutRuns(runs, size, width);
    if (style.keepWith !== undefined) this.ensure(lines.length * lead + (style.after ?? 2) + style.keepWith);
    for (const line of lines) {
      this.ensure(lead);
      this.drawLines(this.page, [line], PAGE.left + indent, this.y, width, size, style.align);
      this.y -= lead;
    }
    this.y -= style.after ?? 2;
  }

  paragraph(text: string, style: ParagraphStyle = {}): void {
    this.runs([{ text, font: this.font(style.font) }], style);
  }

  /** `Label: value` with the value in bold (how filled-in fields read on the paper forms). */
  field(label: string, value: string | null | undefined, style: ParagraphStyle = {}): void {
    this.runs(
      [
        { text: `${label}: `, font: this.font('regular') },
        { text: value && value.length > 0 ? value : '……………………', font: this.font('bold') },
      ],
      style,
    );
  }

  /** Height of `runs` wrapped to `width` (to keep blocks together). */
  measure(runs: TextRun[], size: number, width: number): number {
    return layoutRuns(runs, size, width).length * size * LEADING;
  }

  hline(x1: number, x2: number, y: number, thickness = 0.6): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color: BLACK });
  }
}

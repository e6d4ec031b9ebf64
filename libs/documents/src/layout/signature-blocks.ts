import { FormWriter, LEADING, PAGE } from './form-writer';
import { layoutRuns } from './wrap-text';

export interface SignatureBlock {
  /** Stable role id for callers (`receiver`, `submitter`, `agency-head`, …). */
  role: string;
  /** `NGƯỜI TIẾP NHẬN HỒ SƠ` */
  heading: string;
  /** `(Ký và ghi rõ họ tên)` */
  note: string;
  name?: string;
  /** Left, right, or the whole width. */
  column: 'left' | 'right';
}

/**
 * Where a signature goes: page index (0-based) and rectangle in PDF points (origin bottom-left).
 * The PDF carries an empty signature field named `field` over it.
 */
export interface SignatureBox {
  role: string;
  /** Name of the empty signature field: pass it to `signPdf(pdf, { field })`. */
  field: string;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

const SIGN_SPACE = 64;
/** Field names: `ky-<role>` (ký = sign). */
export const SIGNATURE_FIELD_PREFIX = 'ky-';

/** Signature blocks side by side, kept together on one page; returns where each signature goes. */
export function drawSignatureBlocks(w: FormWriter, blocks: SignatureBlock[], leftContent?: (x: number, top: number, width: number) => number): SignatureBox[] {
  const size = 11;
  const colWidth = w.contentWidth / 2;
  const layout = blocks.map((b) => ({
    b,
    head: layoutRuns([{ text: b.heading, font: w.font('bold') }], size, colWidth),
    note: layoutRuns([{ text: b.note, font: w.font('italic') }], size - 1, colWidth),
    name: layoutRuns([{ text: b.name ?? '', font: w.font('bold') }], size, colWidth),
  }));
  const heightOf = (l: (typeof layout)[number]) => (l.head.length + l.name.length) * size * LEADING + l.note.length * (size - 1) * LEADING + SIGN_SPACE;
  const height = Math.max(...layout.map(heightOf));
  w.ensure(height + 10);
  const top = w.y;
  const pageIndex = w.pages.length - 1;
  const boxes: SignatureBox[] = [];
  let leftUsed = 0;
  if (leftContent) leftUsed = leftContent(PAGE.left, top, colWidth);
  for (const l of layout) {
    const x = l.b.column === 'left' ? PAGE.left : PAGE.left + colWidth;
    let y = top;
    y -= w.drawLines(w.page, l.head, x, y, colWidth, size, 'center');
    y -= w.drawLines(w.page, l.note, x, y, colWidth, size - 1, 'center');
    const r2 = (v: number) => Math.round(v * 100) / 100;
    boxes.push({ role: l.b.role, field: SIGNATURE_FIELD_PREFIX + l.b.role, page: pageIndex, x: r2(x + 10), y: r2(y - SIGN_SPACE), width: r2(colWidth - 20), height: SIGN_SPACE });
    y -= SIGN_SPACE;
    w.drawLines(w.page, l.name, x, y, colWidth, size, 'center');
  }
  w.y = top - Math.max(height, leftUsed) - 6;
  return boxes;
}

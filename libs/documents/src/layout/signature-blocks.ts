import { FormWriter, LEADING, PAGE } from './form-writer';
import { layoutRuns, TextRun } from './wrap-text';

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

const SIZE = 11;

/** What stands left of a single signature block (the `Nơi nhận` list of a letter). */
export interface LeftContent {
  runs: TextRun[];
  size: number;
}

function layoutBlocks(w: FormWriter, blocks: SignatureBlock[]) {
  const colWidth = w.contentWidth / 2;
  const layout = blocks.map((b) => ({
    b,
    head: layoutRuns([{ text: b.heading, font: w.font('bold') }], SIZE, colWidth),
    note: layoutRuns([{ text: b.note, font: w.font('italic') }], SIZE - 1, colWidth),
    name: layoutRuns([{ text: b.name ?? '', font: w.font('bold') }], SIZE, colWidth),
  }));
  const heightOf = (l: (typeof layout)[number]) => (l.head.length + l.name.length) * SIZE * LEADING + l.note.length * (SIZE - 1) * LEADING + SIGN_SPACE;
  return { colWidth, layout, height: Math.max(...layout.map(heightOf)) + 10 };
}

/** Height the signature blocks need, to keep the paragraph above them on the same page. */
export function signatureBlocksHeight(w: FormWriter, blocks: SignatureBlock[]): number {
  return layoutBlocks(w, blocks).height;
}

/** Signature blocks side by side, kept together on one page; returns where each signature goes. */
export function drawSignatureBlocks(w: FormWriter, blocks: SignatureBlock[], left?: LeftContent): SignatureBox[] {
  const size = SIZE;
  const { colWidth, layout, height } = layoutBlocks(w, blocks);
  const leftHeight = left ? w.measure(left.runs, left.size, colWidth - 10) : 0;
  w.ensure(Math.max(height, leftHeight));
  const top = w.y;
  const pageIndex = w.pages.length - 1;
  const boxes: SignatureBox[] = [];
  const leftUsed = left ? w.drawLines(w.page, layoutRuns(left.runs, left.size, colWidth - 10), PAGE.left, top, colWidth - 10, left.size) : 0;
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

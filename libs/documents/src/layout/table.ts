import { Align, BLACK, FormWriter, LEADING, PAGE } from './form-writer';
import { layoutRuns, LaidOutLine } from './wrap-text';

export interface TableColumn {
  header: string;
  /** Relative width (weights are scaled to the content width). */
  weight: number;
  align?: Align;
}

const PAD = 3.5;

/**
 * A bordered table whose cells wrap their text. Rows that do not fit go to the next page, with
 * the header row repeated; a row taller than a whole page is split between pages.
 */
export function drawTable(w: FormWriter, columns: TableColumn[], rows: string[][], size = 10): void {
  const total = columns.reduce((s, c) => s + c.weight, 0);
  const widths = columns.map((c) => (c.weight / total) * w.contentWidth);
  const lead = size * LEADING;
  const cellLines = (texts: string[], bold: boolean): LaidOutLine[][] =>
    texts.map((t, i) => layoutRuns([{ text: t, font: w.font(bold ? 'bold' : 'regular') }], size, widths[i] - 2 * PAD));
  const header = cellLines(
    columns.map((c) => c.header),
    true,
  );
  const heightOf = (cells: LaidOutLine[][]) => Math.max(...cells.map((l) => l.length)) * lead + 2 * PAD;
  const headerHeight = heightOf(header);

  const drawRow = (cells: LaidOutLine[][], height: number, aligns: Align[]) => {
    let x = PAGE.left;
    cells.forEach((lines, i) => {
      w.page.drawRectangle({ x, y: w.y - height, width: widths[i], height, borderColor: BLACK, borderWidth: 0.6 });
      w.drawLines(w.page, lines, x + PAD, w.y - PAD, widths[i] - 2 * PAD, size, aligns[i]);
      x += widths[i];
    });
    w.y -= height;
  };
  const drawHeader = () =>
    drawRow(
      header,
      headerHeight,
      columns.map(() => 'center'),
    );
  const aligns = columns.map((c) => c.align ?? 'left');

  w.ensure(headerHeight + lead + 2 * PAD);
  drawHeader();
  for (const row of rows) {
    let cells = cellLines(row, false);
    for (;;) {
      const height = heightOf(cells);
      if (height <= w.room) {
        drawRow(cells, height, aligns);
        break;
      }
      const fitsOnFreshPage = height <= PAGE.height - PAGE.top - PAGE.bottom - headerHeight;
      const linesThatFit = Math.floor((w.room - 2 * PAD) / lead);
      if (fitsOnFreshPage || linesThatFit < 1) {
        w.newPage();
        drawHeader();
        continue;
      }
      // split: the first lines of every cell here, the rest on the next page
      drawRow(
        cells.map((l) => l.slice(0, linesThatFit)),
        linesThatFit * lead + 2 * PAD,
        aligns,
      );
      cells = cells.map((l) => l.slice(linesThatFit));
      w.newPage();
      drawHeader();
    }
  }
}

import { concatTransformationMatrix, fill, PDFOperator, PDFOperatorNames, popGraphicsState, pushGraphicsState, setFillingColor, type PDFPage } from 'pdf-lib';
import { create } from 'qrcode';
import { BLACK } from './form-writer';

/** Quiet zone the QR specification asks for around the symbol, in modules. */
const QUIET_MODULES = 4;

/**
 * Draws `text` as a QR code (error correction M) of `side` points, lower-left corner at (x, y),
 * as vector squares: one filled path of rectangles, horizontal runs of dark modules merged,
 * in module units (a matrix scales them), so every operand is a small integer. The quiet zone
 * is included in `side`, so nothing else may be drawn inside it.
 */
export function drawQrCode(page: PDFPage, text: string, x: number, y: number, side: number): void {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const unit = side / (n + 2 * QUIET_MODULES);
  // module coordinates: origin at the top-left corner of the quiet zone, y downwards
  const ops: PDFOperator[] = [pushGraphicsState(), concatTransformationMatrix(unit, 0, 0, -unit, x, y + side), setFillingColor(BLACK)];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      // integer operands written as they are (pdf-lib's `rectangle` makes a PDFNumber of each)
      ops.push(PDFOperator.of(PDFOperatorNames.AppendRectangle, [String(start + QUIET_MODULES), String(row + QUIET_MODULES), String(col - start), '1']));
    }
  }
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}

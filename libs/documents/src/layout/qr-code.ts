import type { PDFPage } from 'pdf-lib';
import { create } from 'qrcode';
import { BLACK } from './form-writer';

/** Quiet zone the QR specification asks for around the symbol, in modules. */
const QUIET_MODULES = 4;

/**
 * Draws `text` as a QR code (error correction M) of `side` points, lower-left corner at (x, y),
 * as vector squares: one path of the dark modules, horizontal runs merged. The quiet zone is
 * included in `side`, so nothing else may be drawn inside it.
 */
export function drawQrCode(page: PDFPage, text: string, x: number, y: number, side: number): void {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const unit = side / (n + 2 * QUIET_MODULES);
  const parts: string[] = [];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      parts.push(`M${start + QUIET_MODULES} ${row + QUIET_MODULES}h${col - start}v1h${start - col}Z`);
    }
  }
  // SVG coordinates: origin at the top-left of the symbol, y downwards, one unit per module.
  page.drawSvgPath(parts.join(''), { x, y: y + side, scale: unit, color: BLACK, borderWidth: 0 });
}

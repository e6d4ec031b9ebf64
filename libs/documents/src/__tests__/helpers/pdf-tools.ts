import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Poppler (Debian poppler-utils) reads what we wrote, the way a reader would. */
function withPdf<T>(pdf: Uint8Array, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-forms-'));
  try {
    const file = join(dir, 'form.pdf');
    writeFileSync(file, pdf);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the PDF in drawing order, whitespace collapsed to single spaces. */
export function pdfText(pdf: Uint8Array): string {
  return withPdf(pdf, (file) => execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }))
    .replace(/\s+/g, ' ')
    .trim();
}

/** `pdftotext` of one page (1-based). */
export function pageText(pdf: Uint8Array, page: number): string {
  return withPdf(pdf, (file) => execFileSync('pdftotext', ['-raw', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' }))
    .replace(/\s+/g, ' ')
    .trim();
}

export interface PdfFontRow {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

/** The rows of `pdffonts`. */
export function pdfFonts(pdf: Uint8Array): PdfFontRow[] {
  const out = withPdf(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name, type (may contain spaces), encoding, emb, sub, uni, object, id
      const [emb, sub, uni] = cols.slice(-5, -2);
      return { name: cols[0], type: cols.slice(1, -6).join(' '), embedded: emb === 'yes', subset: sub === 'yes', unicode: uni === 'yes' };
    });
}

/** `pdfinfo` as key → value. */
export function pdfInfo(pdf: Uint8Array): Record<string, string> {
  const out = withPdf(pdf, (file) => execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' }));
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

/**
 * Rasterises the header band (top quarter, full width) of page 1 with `pdftoppm` at 150 dpi and
 * decodes the QR code in it with jsQR. (The whole page decodes too, ~3× slower.)
 */
export function decodeQrOnFirstPage(pdf: Uint8Array): string | undefined {
  return withPdf(pdf, (file, dir) => {
    // A4 at 150 dpi is 1240 × 1754 px
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-x', '0', '-y', '0', '-W', '1240', '-H', '440', file, join(dir, 'page')]);
    const png = readdirSync(dir).find((f) => f.endsWith('.png'));
    if (!png) throw new Error('pdftoppm wrote no PNG');
    const image = PNG.sync.read(readFileSync(join(dir, png)));
    const code = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
    return code?.data;
  });
}

/** Keeps a rendered form under `<repo>/test-artifacts/documents/` (git-ignored) to look at. */
export function saveSample(name: string, pdf: Uint8Array): void {
  const dir = join(__dirname, '..', '..', '..', '..', '..', 'test-artifacts', 'documents');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), pdf);
}

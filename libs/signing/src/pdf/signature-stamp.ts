import { existsSync, readFileSync } from 'node:fs';
import { drawRectangle, drawText, degrees, PDFDocument, PDFFont, PDFRef, rgb } from 'pdf-lib';
import { SigningError, SigningErrorCode } from '../errors';
import { fixedSetFont } from '../fonts/fixed-set-font';
import { parsedFontkit } from '../fonts/parsed-fontkit';
import { lazily } from '../util/lazily';

/**
 * The visible stamp of a signature: a framed box with four Vietnamese lines
 * (Ký bởi / Cơ quan / Thời gian / Lý do). The standard PDF fonts have no Vietnamese
 * glyphs, so a TrueType font is embedded (subset). The font is not committed (DejaVu
 * Sans is ~750 KB): it is read from `fontPath`, `TTHC_STAMP_FONT`, or a Debian font
 * package (fonts-dejavu-core, fonts-noto-core, fonts-liberation).
 */
export const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf',
];

export function resolveStampFont(fontPath?: string): string {
  const candidates = [fontPath, process.env.TTHC_STAMP_FONT, ...FONT_CANDIDATES].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new SigningError(
      SigningErrorCode.STAMP_FONT_MISSING,
      'No Vietnamese-capable TrueType font for the visible stamp: install fonts-dejavu-core (apt-get install -y fonts-dejavu-core) or set TTHC_STAMP_FONT',
      { tried: candidates },
    );
  }
  return found;
}

/**
 * The stamp font's bytes, read once per file: pdf-lib is handed the same array every time, so
 * `parsedFontkit` parses it once per process (parsing a ~750 KB TrueType file was most of a
 * sealed notice's signing time — W2: 0.46 s with the stamp, 0.18 s without) and lays out each
 * line once (the stamp's reason and agency repeat from one notice to the next).
 */
const stampFonts = new Map<string, Uint8Array>();
function stampFontBytes(path: string): Uint8Array {
  let bytes = stampFonts.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    stampFonts.set(path, bytes);
  }
  return bytes;
}

/**
 * The stamp's font in `doc`: the Vietnamese fixed set of the stamp font, prepared once per process
 * (fonts/fixed-set-font.ts: no subset encoded per signature), or an ordinary subset when a
 * line has a character outside that set.
 */
async function stampFont(doc: PDFDocument, path: string, lines: string[]): Promise<PDFFont> {
  const bytes = stampFontBytes(path);
  const fixed = await fixedSetFont(bytes, `TTHCST+${parsedFontkit.create(bytes).postscriptName}`);
  if (fixed.covers(lines)) return fixed.embed(doc);
  doc.registerFontkit(parsedFontkit);
  return doc.embedFont(bytes, { subset: true });
}

export interface StampContent {
  signer: string;
  agency?: string;
  time: Date;
  reason?: string;
}

export const STAMP_WIDTH = 260;
export const STAMP_HEIGHT = 74;

/** Date as Vietnamese officials write it, in Vietnam time: 22/11/2026 16:05:09 (GMT+7). */
export function formatVietnamTime(d: Date): string {
  return `${VIETNAM_TIME().format(d).replace(',', '')} (GMT+7)`;
}

/** made once: building an Intl.DateTimeFormat costs more than formatting (≈ 0.3 ms a stamp, W2 profile) */
const VIETNAM_TIME = lazily(() =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }),
);

export function stampLines(c: StampContent): string[] {
  return [
    `Ký bởi: ${c.signer}`,
    ...(c.agency ? [`Cơ quan: ${c.agency}`] : []),
    `Thời gian: ${formatVietnamTime(c.time)}`,
    ...(c.reason ? [`Lý do: ${c.reason}`] : []),
  ];
}

function fit(font: PDFFont, text: string, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let t = text;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}…`, size) > width) t = t.slice(0, -1);
  return `${t}…`;
}

/** Adds the appearance stream (Form XObject) to `doc` and returns its reference. */
export async function buildStampAppearance(
  doc: PDFDocument,
  content: StampContent,
  box: { width: number; height: number } = { width: STAMP_WIDTH, height: STAMP_HEIGHT },
  fontPath?: string,
): Promise<PDFRef> {
  const { width: W, height: H } = box;
  const lines = stampLines(content);
  const font = await stampFont(doc, resolveStampFont(fontPath), lines);
  const pad = Math.min(6, H / 10);
  // 8.5 pt in the default box; smaller when a form's signature box is smaller.
  const size = Math.max(4, Math.min(8.5, (H - 2 * pad) / (lines.length * 1.4)));
  const lead = size * 1.4;
  const red = rgb(0.75, 0.05, 0.05);
  const ops = [
    ...drawRectangle({
      x: 0.5,
      y: 0.5,
      width: W - 1,
      height: H - 1,
      borderWidth: 1,
      color: rgb(1, 1, 0.94),
      borderColor: red,
      rotate: degrees(0),
      xSkew: degrees(0),
      ySkew: degrees(0),
    }),
  ];
  lines.forEach((line, i) => {
    const text = fit(font, line, size, W - 2 * pad);
    ops.push(
      ...drawText(font.encodeText(text), {
        color: red,
        font: 'F1',
        size,
        x: pad,
        y: H - pad - size - i * lead,
        rotate: degrees(0),
        xSkew: degrees(0),
        ySkew: degrees(0),
      }),
    );
  });
  const xobject = doc.context.formXObject(ops, {
    BBox: [0, 0, W, H],
    Resources: { Font: { F1: font.ref } },
  });
  return doc.context.register(xobject);
}

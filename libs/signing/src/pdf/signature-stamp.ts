import { existsSync, readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { drawRectangle, drawText, degrees, PDFDocument, PDFFont, PDFRef, rgb } from 'pdf-lib';
import { SigningError, SigningErrorCode } from '../errors';

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
 * The stamp font, read and parsed once per file: parsing a ~750 KB TrueType file with fontkit
 * was most of a sealed notice's signing time (W2: 0.46 s with the stamp, 0.18 s without). The
 * parsed font is read-only; each document still embeds its own subset of it.
 */
const stampFonts = new Map<string, { bytes: Uint8Array; font: ReturnType<typeof fontkit.create> }>();
function stampFont(path: string) {
  let entry = stampFonts.get(path);
  if (!entry) {
    const bytes = readFileSync(path);
    entry = { bytes, font: fontkit.create(bytes) };
    stampFonts.set(path, entry);
  }
  return entry;
}

/** fontkit for pdf-lib that hands back the parsed stamp font for its bytes instead of parsing them again */
const cachingFontkit: typeof fontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    const cached = postscriptName === undefined ? [...stampFonts.values()].find((e) => e.bytes === data) : undefined;
    return cached ? cached.font : fontkit.create(data, postscriptName);
  },
};

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
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d);
  return `${parts.replace(',', '')} (GMT+7)`;
}

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
  doc.registerFontkit(cachingFontkit);
  const font = await doc.embedFont(stampFont(resolveStampFont(fontPath)).bytes, { subset: true });
  const { width: W, height: H } = box;
  const lines = stampLines(content);
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

import type { IssuingAgency } from '../forms/form-data';
import type { FormTemplateRef } from '../templates/form-template';
import { placeAndDate } from '../time/vietnam-time';
import { FormWriter, LEADING, PAGE } from './form-writer';
import { drawQrCode } from './qr-code';
import { layoutRuns } from './wrap-text';

export const QR_SIDE = 66;
const HEADER_SIZE = 10.5;
/** Left column (agency) and right column (national motto) of the header. */
const LEFT_COLUMN = 0.43;

/**
 * The first rows of every form: the QR code of the public lookup (top left) and the form
 * number with its circular (top right); then the agency (left) and the national motto (right),
 * the document number and the place and date line.
 */
export function drawFormHeader(w: FormWriter, template: FormTemplateRef, agency: IssuingAgency, documentNumber: string | null | undefined, issuedAt: Date, lookupUrl: string): void {
  const page = w.page;
  const top = w.y;
  drawQrCode(page, lookupUrl, PAGE.left - 6, top - QR_SIDE, QR_SIDE);
  const captionWidth = 110;
  w.drawLines(page, layoutRuns([{ text: 'Quét mã để tra cứu\ntình trạng hồ sơ', font: w.font('italic') }], 7.5, captionWidth), PAGE.left + QR_SIDE - 2, top - QR_SIDE / 2 + 8, captionWidth, 7.5);

  const refWidth = 230;
  const refX = PAGE.width - PAGE.right - refWidth;
  let y = top;
  y -= w.drawLines(page, layoutRuns([{ text: template.number, font: w.font('bold') }], 10.5, refWidth), refX, y, refWidth, 10.5, 'right');
  w.drawLines(page, layoutRuns([{ text: `(${template.citation})`, font: w.font('italic') }], 8, refWidth), refX, y, refWidth, 8, 'right');
  w.y = top - QR_SIDE - 8;

  const leftWidth = w.contentWidth * LEFT_COLUMN;
  const rightWidth = w.contentWidth - leftWidth;
  const leftX = PAGE.left - 20;
  const rightX = PAGE.left + leftWidth;
  const headerTop = w.y;

  const leftRuns = [
    ...(agency.parentBody ? [{ text: `${agency.parentBody.toLocaleUpperCase('vi')}\n`, font: w.font('regular') }] : []),
    { text: agency.name.toLocaleUpperCase('vi'), font: w.font('bold') },
    ...(agency.unit ? [{ text: `\n${agency.unit.toLocaleUpperCase('vi')}`, font: w.font('bold') }] : []),
  ];
  const leftLines = layoutRuns(leftRuns, HEADER_SIZE, leftWidth + 20);
  const leftHeight = w.drawLines(page, leftLines, leftX, headerTop, leftWidth + 20, HEADER_SIZE, 'center');
  const lastLeft = leftLines[leftLines.length - 1].width;
  const leftRule = Math.min(lastLeft * 0.5, 70);
  const leftCenter = leftX + (leftWidth + 20) / 2;
  const ruleY = (h: number) => headerTop - h - 3;
  w.hline(leftCenter - leftRule / 2, leftCenter + leftRule / 2, ruleY(leftHeight));

  const motto = layoutRuns([{ text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc', font: w.font('bold') }], HEADER_SIZE, rightWidth);
  const rightHeight = w.drawLines(page, motto, rightX, headerTop, rightWidth, HEADER_SIZE, 'center');
  const mottoWidth = motto[motto.length - 1].width;
  const rightCenter = rightX + rightWidth / 2;
  w.hline(rightCenter - mottoWidth / 2, rightCenter + mottoWidth / 2, ruleY(rightHeight));

  w.y = headerTop - Math.max(leftHeight, rightHeight) - 12;
  const lineTop = w.y;
  const numberText = `Số: ${documentNumber ?? '……/……'}`;
  w.drawLines(page, layoutRuns([{ text: numberText, font: w.font('regular') }], HEADER_SIZE, leftWidth + 20), leftX, lineTop, leftWidth + 20, HEADER_SIZE, 'center');
  const dateLines = layoutRuns([{ text: placeAndDate(agency.place, issuedAt), font: w.font('italic') }], HEADER_SIZE, rightWidth);
  const dateHeight = w.drawLines(page, dateLines, rightX, lineTop, rightWidth, HEADER_SIZE, 'center');
  w.y = lineTop - Math.max(HEADER_SIZE * LEADING, dateHeight) - 14;
}

/** The form's title (upper case, bold, centred) and the lines under it. */
export function drawTitle(w: FormWriter, title: string, sublines: { text: string; style?: 'bold' | 'italic' | 'regular' }[] = []): void {
  w.paragraph(title.toLocaleUpperCase('vi'), { font: 'bold', size: 13, align: 'center', after: 2 });
  for (const s of sublines) w.paragraph(s.text, { font: s.style ?? 'regular', align: 'center', after: 0 });
  w.gap(10);
}

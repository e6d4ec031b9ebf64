import { drawFormHeader, drawTitle } from '../layout/form-header';
import type { FormWriter } from '../layout/form-writer';
import { drawSignatureBlocks, SignatureBlock, signatureBlocksHeight, SignatureBox } from '../layout/signature-blocks';
import type { FormTemplateRef } from '../templates/form-template';
import { formatLongDate, formatTimeAndDate } from '../time/vietnam-time';
import type { ApologyData } from './form-data';

/**
 * Mẫu 04 — the apology with the new date: "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
 * (TT 01/2018) or "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết" (TT 03/2025),
 * signed by the agency head.
 */
export function writeApology(w: FormWriter, d: ApologyData, t: FormTemplateRef, lookupUrl: string): SignatureBox[] {
  const to = d.addressee ?? `Ông/Bà ${d.applicant.name}`;
  const agency = d.agency.name;
  drawFormHeader(w, t, d.agency, d.documentNumber, d.issuedAt, lookupUrl);
  drawTitle(w, t.title, [{ text: `Mã hồ sơ: ${d.dossierCode}`, style: 'bold' }]);
  w.runs(
    [
      { text: 'Kính gửi: ', font: w.font('regular') },
      { text: to, font: w.font('bold') },
    ],
    { align: 'center', after: 10 },
  );
  const r = (text: string) => ({ text, font: w.font('regular') });
  const b = (text: string) => ({ text, font: w.font('bold') });
  w.runs([r(`Ngày ${formatLongDate(d.receivedAt).replace(/^ngày /, '')}, ${agency} tiếp nhận giải quyết hồ sơ đề nghị `), b(d.procedureName), r(` của ${to}. Mã hồ sơ: `), b(d.dossierCode), r('.')], { indent: 0, after: 4 });
  w.runs([r('Thời gian hẹn trả kết quả giải quyết hồ sơ: '), b(formatTimeAndDate(d.originalDueAt)), r('.')], { after: 4 });
  w.runs([r(`Tuy nhiên đến nay, ${agency} chưa trả kết quả giải quyết hồ sơ của ${to}. Lý do: `), b(d.delayReason)], { after: 4 });
  w.paragraph(d.apologyText ?? `Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của ${to}. ${agency} trân trọng xin lỗi ${to}.`, { after: 4 });
  const newDate =
    t.legalBasis === 'TT01/2018'
      ? [r(`${agency} hẹn lại thời gian trả kết quả giải quyết hồ sơ: `), b(formatTimeAndDate(d.newDueAt)), r('.')]
      : [r(`${agency} đề nghị ${to} đồng ý gia hạn thời gian giải quyết hồ sơ đến: `), b(formatTimeAndDate(d.newDueAt)), r('.')];
  w.runs(newDate, { after: 4 });
  const signatures: SignatureBlock[] = [
    { role: 'agency-head', heading: (d.signer.title ?? 'Thủ trưởng cơ quan').toLocaleUpperCase('vi'), note: '(Ký, ghi rõ họ tên và đóng dấu)', name: d.signer.name, column: 'right' },
  ];
  w.paragraph(`Xin trân trọng cảm ơn sự hợp tác của ${to}./.`, { after: 16, keepWith: signatureBlocksHeight(w, signatures) });
  const recipients = d.recipients ?? [`${to};`, 'Lưu: VT.'];
  return drawSignatureBlocks(w, signatures, {
    runs: [
      { text: 'Nơi nhận:', font: w.font('bold') },
      { text: `\n${recipients.map((s) => `- ${s}`).join('\n')}`, font: w.font('regular') },
    ],
    size: 9,
  });
}

import { drawFormHeader, drawTitle } from '../layout/form-header';
import type { FormWriter } from '../layout/form-writer';
import { drawSignatureBlocks, SignatureBlock, signatureBlocksHeight, SignatureBox } from '../layout/signature-blocks';
import { drawTable } from '../layout/table';
import type { FormTemplateRef } from '../templates/form-template';
import { formatTimeAndDate } from '../time/vietnam-time';
import type { ReceiptData } from './form-data';
import { COMPONENT_FORM_LABEL, formatVnd, unitLabel, writeApplicant } from './form-wording';

/** Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export function writeReceipt(w: FormWriter, d: ReceiptData, t: FormTemplateRef, lookupUrl: string): SignatureBox[] {
  drawFormHeader(w, t, d.agency, d.documentNumber, d.issuedAt, lookupUrl);
  drawTitle(w, t.title, [{ text: `Mã hồ sơ: ${d.dossierCode}`, style: 'bold' }]);
  writeApplicant(w, d.applicant, `${unitLabel(t, d)} tiếp nhận hồ sơ của`);
  w.field('Thủ tục hành chính', d.procedureName);
  if (d.request) w.field('Nội dung yêu cầu giải quyết', d.request);
  w.paragraph('1. Thành phần hồ sơ nộp gồm:', { after: 4 });
  drawTable(
    w,
    [
      { header: 'TT', weight: 0.6, align: 'center' },
      { header: 'Tên loại giấy tờ', weight: 5.4 },
      { header: 'Hình thức (bản chính, bản sao…)', weight: 2.2, align: 'center' },
      { header: 'Số lượng', weight: 1, align: 'center' },
    ],
    d.components.map((c, i) => [String(i + 1), c.name, COMPONENT_FORM_LABEL[c.form], String(c.count)]),
  );
  w.gap(6);
  w.field('2. Số lượng hồ sơ', `${d.setCount ?? 1} (bộ)`);
  w.field('3. Thời gian giải quyết hồ sơ theo quy định', d.statutoryDays == null ? undefined : `${d.statutoryDays} ngày làm việc`);
  w.field('4. Thời gian nhận hồ sơ', formatTimeAndDate(d.receivedAt));
  w.field('5. Thời gian trả kết quả giải quyết hồ sơ', formatTimeAndDate(d.appointmentAt));
  w.field('6. Đăng ký nhận kết quả tại', d.returnPlace);
  const fees = d.fees && d.fees.length > 0 ? d.fees.map((f) => `${f.name}: ${formatVnd(f.amountVnd)}`).join('; ') : 'Không';
  w.field('7. Phí, lệ phí', fees);
  const signatures: SignatureBlock[] = [
    { role: 'submitter', heading: 'NGƯỜI NỘP HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: d.submitter.name, column: 'left' },
    { role: 'receiver', heading: d.receiver.title?.toLocaleUpperCase('vi') ?? 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: d.receiver.name, column: 'right' },
  ];
  w.runs(
    [
      { text: 'Vào Sổ theo dõi hồ sơ, Quyển số: ', font: w.font('regular') },
      { text: d.register?.book ?? '……', font: w.font('bold') },
      { text: ', Số thứ tự: ', font: w.font('regular') },
      { text: d.register?.number ?? '……', font: w.font('bold') },
    ],
    { after: 14, keepWith: signatureBlocksHeight(w, signatures) },
  );
  return drawSignatureBlocks(w, signatures);
}

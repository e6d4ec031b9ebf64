import { drawFormHeader, drawTitle } from '../layout/form-header';
import type { FormWriter } from '../layout/form-writer';
import { drawSignatureBlocks, SignatureBlock, signatureBlocksHeight, SignatureBox } from '../layout/signature-blocks';
import type { FormTemplateRef } from '../templates/form-template';
import { formatTimeAndDate } from '../time/vietnam-time';
import type { RefusalData } from './form-data';
import { unitLabel, writeApplicant } from './form-wording';

/** Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reason. */
export function writeRefusal(w: FormWriter, d: RefusalData, t: FormTemplateRef, lookupUrl: string): SignatureBox[] {
  drawFormHeader(w, t, d.agency, d.documentNumber, d.issuedAt, lookupUrl);
  drawTitle(w, t.title, [{ text: `Mã hồ sơ: ${d.dossierCode}`, style: 'bold' }]);
  writeApplicant(w, d.applicant, `${unitLabel(t, d)} tiếp nhận hồ sơ của`);
  w.field('Thủ tục hành chính', d.procedureName);
  if (d.request) w.field('Nội dung yêu cầu giải quyết', d.request);
  w.field('Thời gian nộp hồ sơ', formatTimeAndDate(d.receivedAt));
  w.paragraph('Qua nghiên cứu, đối chiếu với quy định, hồ sơ của Ông/Bà không đủ điều kiện tiếp nhận, giải quyết.');
  w.field('Lý do', d.reason);
  const signatures: SignatureBlock[] = [
    { role: 'receiver', heading: d.receiver.title?.toLocaleUpperCase('vi') ?? 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)', name: d.receiver.name, column: 'right' },
  ];
  w.paragraph('Xin thông báo để Ông/Bà được biết và thực hiện./.', { after: 14, keepWith: signatureBlocksHeight(w, signatures) });
  return drawSignatureBlocks(w, signatures);
}

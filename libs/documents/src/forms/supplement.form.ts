import { drawFormHeader, drawTitle } from '../layout/form-header';
import type { FormWriter } from '../layout/form-writer';
import { drawSignatureBlocks, SignatureBlock, signatureBlocksHeight, SignatureBox } from '../layout/signature-blocks';
import { drawTable } from '../layout/table';
import type { FormTemplateRef } from '../templates/form-template';
import { formatTimeAndDate } from '../time/vietnam-time';
import type { SupplementData } from './form-data';
import { unitLabel, writeApplicant } from './form-wording';

/** Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: the missing items and the reason. */
export function writeSupplement(w: FormWriter, d: SupplementData, t: FormTemplateRef, lookupUrl: string): SignatureBox[] {
  drawFormHeader(w, t, d.agency, d.documentNumber, d.issuedAt, lookupUrl);
  drawTitle(w, t.title, [{ text: `Mã hồ sơ: ${d.dossierCode}`, style: 'bold' }]);
  writeApplicant(w, d.applicant, `${unitLabel(t, d)} tiếp nhận hồ sơ của`);
  w.field('Thủ tục hành chính', d.procedureName);
  if (d.request) w.field('Nội dung yêu cầu giải quyết', d.request);
  w.field('Thời gian tiếp nhận hồ sơ', formatTimeAndDate(d.receivedAt));
  w.paragraph(
    'Sau khi xem xét, đối chiếu với quy định, hồ sơ của Ông/Bà chưa đầy đủ, hợp lệ. Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
    { after: 4 },
  );
  drawTable(
    w,
    [
      { header: 'TT', weight: 0.6, align: 'center' },
      { header: 'Giấy tờ cần bổ sung, hoàn thiện', weight: 4.4 },
      { header: 'Nội dung yêu cầu', weight: 4.2 },
    ],
    d.items.map((item, i) => [String(i + 1), item.name, item.requirement ?? '']),
  );
  w.gap(6);
  w.field('Lý do', d.reason);
  const signatures: SignatureBlock[] = [
    { role: 'guide', heading: d.guide.title?.toLocaleUpperCase('vi') ?? 'NGƯỜI HƯỚNG DẪN', note: '(Ký và ghi rõ họ tên)', name: d.guide.name, column: 'right' },
  ];
  w.paragraph(
    `Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với ${d.guide.name}${d.agency.phone ? `, số điện thoại ${d.agency.phone},` : ''} để được hướng dẫn.`,
    { after: 14, keepWith: signatureBlocksHeight(w, signatures) },
  );
  return drawSignatureBlocks(w, signatures);
}

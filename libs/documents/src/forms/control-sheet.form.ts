import { drawFormHeader, drawTitle } from '../layout/form-header';
import type { FormWriter } from '../layout/form-writer';
import type { SignatureBox } from '../layout/signature-blocks';
import { drawTable } from '../layout/table';
import type { FormTemplateRef } from '../templates/form-template';
import { formatShortDateTime, formatTimeAndDate } from '../time/vietnam-time';
import type { ControlSheetData } from './form-data';
import { STEP_RESULT_LABEL } from './form-wording';

/**
 * Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over, from the dossier's event
 * log. On paper each row carries the giver's and the receiver's signatures; electronically the
 * names come from the signed-in officers recorded in the event log.
 */
export function writeControlSheet(w: FormWriter, d: ControlSheetData, t: FormTemplateRef, lookupUrl: string): SignatureBox[] {
  drawFormHeader(w, t, d.agency, d.documentNumber, d.issuedAt, lookupUrl);
  drawTitle(w, t.title, [{ text: `Mã hồ sơ: ${d.dossierCode}`, style: 'bold' }]);
  w.field('Kèm theo hồ sơ của', d.applicant.name);
  w.field('Thủ tục hành chính', d.procedureName);
  w.field('Thời gian nhận hồ sơ', formatTimeAndDate(d.receivedAt));
  w.field('Thời gian hẹn trả kết quả', formatTimeAndDate(d.dueAt), { after: 8 });
  drawTable(
    w,
    [
      { header: 'TT', weight: 0.55, align: 'center' },
      { header: 'Cơ quan, đơn vị', weight: 2.3 },
      { header: 'Thời gian giao, nhận hồ sơ', weight: 1.55, align: 'center' },
      { header: 'Người giao', weight: 1.6 },
      { header: 'Người nhận', weight: 1.6 },
      { header: 'Kết quả giải quyết (trước hạn/ đúng hạn/ quá hạn)', weight: 1.6, align: 'center' },
      { header: 'Ghi chú', weight: 1.6 },
    ],
    d.handOvers.map((h, i) => [
      String(i + 1),
      h.agency,
      formatShortDateTime(h.handedOverAt),
      h.giver,
      h.receiver,
      h.result ? STEP_RESULT_LABEL[h.result] : 'Đang giải quyết',
      h.note ?? '',
    ]),
    9,
  );
  w.gap(8);
  w.paragraph(
    d.handOvers.length === 0
      ? 'Hồ sơ chưa được giao, nhận lần nào.'
      : `Phiếu lập từ nhật ký hồ sơ trên hệ thống: ${d.handOvers.length} lần giao, nhận.`,
    { font: 'italic', size: 9.5 },
  );
  return [];
}

/**
 * The one-stop building blocks (issue 12 item 3): palette entries that drop a step in
 * pre-configured with its `tthc:` attributes. Pure data, so the palette module and the
 * docs read the same list.
 */
export interface OneStopBlock {
  step: string;
  /** two letters on the palette icon */
  abbr: string;
  name: string;
  type: 'bpmn:UserTask' | 'bpmn:ServiceTask';
  attrs: Record<string, string>;
  /** supplement: the resubmission message catch after the task; apology: the working-time timer before it */
  extra?: 'resubmission' | 'apologyTimer';
}

/** the message the portal sends when the applicant resubmits (same name as the shipped procedures) */
export const RESUBMISSION_MESSAGE = 'ho-so-bo-sung';

export const ONE_STOP_BLOCKS: OneStopBlock[] = [
  { step: 'receive', abbr: 'TN', name: 'Tiếp nhận, kiểm tra hồ sơ', type: 'bpmn:UserTask', attrs: { candidateGroups: 'MOTCUA', due: 'PT8H' } },
  { step: 'digitise', abbr: 'SH', name: 'Số hóa hồ sơ', type: 'bpmn:UserTask', attrs: { candidateGroups: 'MOTCUA' } },
  { step: 'review', abbr: 'TĐ', name: 'Thẩm định hồ sơ', type: 'bpmn:UserTask', attrs: { candidateGroups: 'CHUYENMON' } },
  { step: 'approve', abbr: 'PD', name: 'Phê duyệt kết quả', type: 'bpmn:UserTask', attrs: { candidateGroups: 'LANHDAO' } },
  { step: 'sign', abbr: 'KS', name: 'Ký số kết quả', type: 'bpmn:UserTask', attrs: { candidateGroups: 'LANHDAO' } },
  { step: 'return', abbr: 'TK', name: 'Trả kết quả', type: 'bpmn:UserTask', attrs: { candidateGroups: 'MOTCUA' } },
  { step: 'supplement', abbr: 'BS', name: 'Yêu cầu bổ sung, hoàn thiện hồ sơ', type: 'bpmn:UserTask', attrs: { candidateGroups: 'MOTCUA', notice: 'Mau02' }, extra: 'resubmission' },
  { step: 'refuse', abbr: 'TC', name: 'Từ chối tiếp nhận hồ sơ', type: 'bpmn:UserTask', attrs: { candidateGroups: 'MOTCUA', notice: 'Mau03' } },
  { step: 'apology', abbr: 'XL', name: 'Lập phiếu xin lỗi, hẹn lại ngày trả', type: 'bpmn:UserTask', attrs: { candidateGroups: 'CHUYENMON', notice: 'Mau04' }, extra: 'apologyTimer' },
  { step: 'notify', abbr: 'TB', name: 'Thông báo cho người nộp', type: 'bpmn:ServiceTask', attrs: { taskType: 'notify' } },
  { step: 'pay', abbr: 'TP', name: 'Thu phí, lệ phí', type: 'bpmn:UserTask', attrs: { candidateGroups: 'MOTCUA' } },
];

/**
 * The apology timer fires one working day before the statutory due date: armed when the
 * dossier is received, it waits (statutory days − 1) working days; a same-day procedure
 * (≤ 1 day) gets half a working day (PT4H).
 */
export function apologyTimerDuration(statutoryDays: number | undefined): string {
  return statutoryDays && statutoryDays > 1 ? `P${statutoryDays - 1}D` : 'PT4H';
}

/** the palette icon: the step's two letters in a rounded task box (data URL, no asset) */
export function blockIcon(abbr: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="46" height="46" viewBox="0 0 46 46"><rect x="4" y="9" width="38" height="28" rx="5" fill="#fff" stroke="#1c3d6e" stroke-width="2"/><text x="23" y="28" font-family="sans-serif" font-size="13" font-weight="700" fill="#1c3d6e" text-anchor="middle">${abbr}</text></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

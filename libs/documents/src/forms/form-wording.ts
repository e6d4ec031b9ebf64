import type { Applicant, ComponentForm, FormCommonData, StepResult } from './form-data';
import type { FormTemplateRef } from '../templates/form-template';
import type { FormWriter } from '../layout/form-writer';

/** The receiving unit as each circular names it (ND 61/2018 vs ND 118/2025). */
export function unitLabel(template: FormTemplateRef, data: FormCommonData): string {
  if (data.agency.unit) return data.agency.unit;
  return template.legalBasis === 'TT01/2018' ? 'Bộ phận Tiếp nhận và Trả kết quả' : 'Bộ phận Một cửa';
}

export const COMPONENT_FORM_LABEL: Record<ComponentForm, string> = {
  original: 'Bản chính',
  copy: 'Bản sao',
  'certified-copy': 'Bản sao chứng thực',
  electronic: 'Bản điện tử',
};

export const STEP_RESULT_LABEL: Record<StepResult, string> = {
  early: 'Trước hạn',
  'on-time': 'Đúng hạn',
  late: 'Quá hạn',
};

/** `50.000 đồng` */
export const formatVnd = (amount: number): string => `${new Intl.NumberFormat('vi-VN').format(amount)} đồng`;

/** The applicant's lines shared by Mẫu 01–03. */
export function writeApplicant(w: FormWriter, applicant: Applicant, lead: string): void {
  w.field(lead, applicant.name);
  w.field('Số định danh cá nhân/Mã số', applicant.idNumber);
  w.field('Địa chỉ', applicant.address);
  w.runs([
    { text: 'Số điện thoại: ', font: w.font('regular') },
    { text: applicant.phone ?? '……………', font: w.font('bold') },
    { text: '     Thư điện tử: ', font: w.font('regular') },
    { text: applicant.email ?? '……………', font: w.font('bold') },
  ]);
}

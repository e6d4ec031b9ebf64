import { DocumentsError, DocumentsErrorCode } from '../errors/documents-error';
import { vietnamIsoDate } from '../time/vietnam-time';
import { FORM_KINDS, FormKind, FormTemplateRef, LegalBasis } from './form-template';

interface LegalBasisEntry {
  legalBasis: LegalBasis;
  /** First receipt day (Vietnam calendar) this circular's forms apply to. */
  effectiveFrom: string;
  citation: string;
  forms: Record<FormKind, { number: string; title: string; version: string }>;
}

/**
 * The versioned template registry (domain.md §5). A dossier gets the forms of the circular in
 * force on its **receipt** day. To add a version: append an entry (or bump `version` of a
 * form whose layout changed) — never edit an entry that dossiers already reference.
 *
 * - TT 01/2018/TT-VPCP (23/11/2018), guidance of ND 61/2018: numbering [P/S].
 * - TT 03/2025/TT-VPCP (15/09/2025), guidance of ND 118/2025 (in force 01/07/2025):
 *   numbering [S]. The switch on 01/07/2025 is the contract's (domain.md §5, issue 10);
 *   the circular itself was signed later — see docs/documents.md.
 */
const LEGAL_BASES: readonly LegalBasisEntry[] = [
  {
    legalBasis: 'TT01/2018',
    effectiveFrom: '2018-11-23',
    citation: 'Ban hành kèm theo Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ',
    forms: {
      receipt: { number: 'Mẫu số 01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', version: '1' },
      supplement: { number: 'Mẫu số 02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', version: '1' },
      refusal: { number: 'Mẫu số 03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', version: '1' },
      apology: { number: 'Mẫu số 04', title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', version: '1' },
      'control-sheet': { number: 'Mẫu số 05', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', version: '1' },
    },
  },
  {
    legalBasis: 'TT03/2025',
    effectiveFrom: '2025-07-01',
    citation: 'Ban hành kèm theo Thông tư số 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ',
    forms: {
      receipt: { number: 'Mẫu số 01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', version: '1' },
      supplement: { number: 'Mẫu số 02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', version: '1' },
      refusal: { number: 'Mẫu số 03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', version: '1' },
      apology: { number: 'Mẫu số 04', title: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết', version: '1' },
      'control-sheet': { number: 'Mẫu số 06', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', version: '1' },
    },
  },
];

function toRef(entry: LegalBasisEntry, kind: FormKind): FormTemplateRef {
  const form = entry.forms[kind];
  return {
    id: `${entry.legalBasis}:${kind}@${form.version}`,
    kind,
    legalBasis: entry.legalBasis,
    number: form.number,
    title: form.title,
    version: form.version,
    effectiveFrom: entry.effectiveFrom,
    citation: entry.citation,
  };
}

/** Every registered template (all kinds, all legal bases). */
export function listTemplates(): FormTemplateRef[] {
  return LEGAL_BASES.flatMap((entry) => FORM_KINDS.map((kind) => toRef(entry, kind)));
}

/** The template of `kind` in force on the Vietnam calendar day of `receivedAt`. */
export function selectTemplate(kind: FormKind, receivedAt: Date): FormTemplateRef {
  if (!FORM_KINDS.includes(kind)) {
    throw new DocumentsError(DocumentsErrorCode.TEMPLATE_NOT_FOUND, `Không có biểu mẫu loại "${String(kind)}"`, { kind, known: FORM_KINDS });
  }
  if (!(receivedAt instanceof Date) || Number.isNaN(receivedAt.getTime())) {
    throw new DocumentsError(DocumentsErrorCode.INVALID_FORM_DATA, 'Thời điểm tiếp nhận hồ sơ không hợp lệ', {
      issues: [{ path: 'receivedAt', message: 'must be a valid Date' }],
    });
  }
  const day = vietnamIsoDate(receivedAt);
  const entry = [...LEGAL_BASES].reverse().find((e) => e.effectiveFrom <= day);
  if (!entry) {
    throw new DocumentsError(DocumentsErrorCode.TEMPLATE_NOT_FOUND, `Không có biểu mẫu áp dụng cho hồ sơ tiếp nhận ngày ${day}`, {
      kind,
      receivedOn: day,
      earliest: LEGAL_BASES[0].effectiveFrom,
    });
  }
  return toRef(entry, kind);
}

/** A registered template by id (`TT01/2018:receipt@1`), e.g. the one a dossier kept. */
export function getTemplate(id: string): FormTemplateRef {
  const found = listTemplates().find((t) => t.id === id);
  if (!found) {
    throw new DocumentsError(DocumentsErrorCode.TEMPLATE_NOT_FOUND, `Không có biểu mẫu "${id}"`, { id });
  }
  return found;
}

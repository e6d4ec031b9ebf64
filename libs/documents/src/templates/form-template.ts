/** The forms the library renders (domain.md §5). */
export const FORM_KINDS = ['receipt', 'supplement', 'refusal', 'apology', 'control-sheet'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** The circular whose appendix defines the forms. */
export type LegalBasis = 'TT01/2018' | 'TT03/2025';

/**
 * One version of one form, as registered. A dossier keeps the ref of every form issued
 * for it (store `id`), so re-rendering later uses the same wording and numbering.
 */
export interface FormTemplateRef {
  /** Stable id, e.g. `TT03/2025:receipt@1`. */
  id: string;
  kind: FormKind;
  legalBasis: LegalBasis;
  /** `Mẫu số 01` */
  number: string;
  /** `Giấy tiếp nhận hồ sơ và hẹn trả kết quả` (sentence case; printed upper case as the title) */
  title: string;
  /** Version of our layout of this form; bump it when the rendering of the form changes. */
  version: string;
  /** First receipt day (Vietnam calendar day, `YYYY-MM-DD`) the template applies to. */
  effectiveFrom: string;
  /** The citation printed under the form number. */
  citation: string;
}

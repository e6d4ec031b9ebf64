import { z } from 'zod';
import { DocumentsError, DocumentsErrorCode } from '../errors/documents-error';
import type { FormKind } from '../templates/form-template';
import type { FormDataByKind } from './form-data';

const text = z.string().trim().min(1);
const date = z.date();
const signer = z.object({ name: text, title: text.nullish() });

const common = {
  agency: z.object({ parentBody: text.nullish(), name: text, unit: text.nullish(), place: text, phone: text.nullish() }),
  documentNumber: text.nullish(),
  dossierCode: text,
  issuedAt: date,
  receivedAt: date,
  procedureName: text,
  applicant: z.object({
    name: text,
    idNumber: text.nullish(),
    address: text.nullish(),
    phone: text.nullish(),
    email: text.nullish(),
  }),
};

const receipt = z
  .object({
    ...common,
    request: text.nullish(),
    components: z.array(
      z.object({ name: text, form: z.enum(['original', 'copy', 'certified-copy', 'electronic']), count: z.number().int().positive() }),
    ),
    setCount: z.number().int().positive().nullish(),
    statutoryDays: z.number().positive().nullish(),
    appointmentAt: date,
    returnPlace: text,
    fees: z.array(z.object({ name: text, amountVnd: z.number().nonnegative() })).nullish(),
    register: z.object({ book: text, number: text }).nullish(),
    submitter: signer,
    receiver: signer,
  })
  .refine((d) => d.appointmentAt.getTime() >= d.receivedAt.getTime(), {
    path: ['appointmentAt'],
    message: 'the appointment cannot be before the receipt',
  });

const supplement = z.object({
  ...common,
  request: text.nullish(),
  items: z.array(z.object({ name: text, requirement: text.nullish() })).min(1),
  reason: text,
  guide: signer,
});

const refusal = z.object({ ...common, request: text.nullish(), reason: text, receiver: signer });

const apology = z
  .object({
    ...common,
    addressee: text.nullish(),
    originalDueAt: date,
    delayReason: text,
    apologyText: text.nullish(),
    newDueAt: date,
    signer,
    recipients: z.array(text).nullish(),
  })
  .refine((d) => d.newDueAt.getTime() > d.originalDueAt.getTime(), {
    path: ['newDueAt'],
    message: 'the new due date must be after the original one',
  });

const controlSheet = z.object({
  ...common,
  dueAt: date,
  handOvers: z.array(
    z.object({
      agency: text,
      handedOverAt: date,
      giver: text,
      receiver: text,
      result: z.enum(['early', 'on-time', 'late']).nullish(),
      note: text.nullish(),
    }),
  ),
});

const SCHEMAS: { [K in FormKind]: z.ZodType<FormDataByKind[K]> } = {
  receipt,
  supplement,
  refusal,
  apology,
  'control-sheet': controlSheet,
};

/** Checks the data of a form; throws DOCUMENTS_INVALID_FORM_DATA listing every bad field. */
export function parseFormData<K extends FormKind>(kind: K, data: unknown): FormDataByKind[K] {
  const schema = SCHEMAS[kind] as z.ZodType<FormDataByKind[K]> | undefined;
  if (!schema) {
    throw new DocumentsError(DocumentsErrorCode.TEMPLATE_NOT_FOUND, `Không có biểu mẫu loại "${String(kind)}"`, { kind });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new DocumentsError(
      DocumentsErrorCode.INVALID_FORM_DATA,
      `Dữ liệu biểu mẫu không hợp lệ: ${issues.map((i) => i.path || '(gốc)').join(', ')}`,
      { kind, issues },
    );
  }
  return parsed.data;
}

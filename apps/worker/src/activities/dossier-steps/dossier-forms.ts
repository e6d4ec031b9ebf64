import { renderForm, type RenderedForm } from '@tthc/documents';
import { DossierComponentEntity, insertDocumentIn, type DossierEntity } from '@tthc/persistence';
import type { StepContext } from './dossier-step.context';
import type { ReferenceRows } from './reference-rows';
import { sealNotice } from './notice-seal';

/** the generated notices (GET /dossiers/:id/forms/:form) */
export type NoticeForm = 'receipt' | 'supplement' | 'refusal' | 'apology';

const FILE_NAMES: Record<NoticeForm, string> = {
  receipt: 'giay-tiep-nhan',
  supplement: 'phieu-yeu-cau-bo-sung',
  refusal: 'phieu-tu-choi',
  apology: 'phieu-xin-loi',
};

/** Where forms are issued (the date line): TTHC_FORM_PLACE, default Hưng Yên (the provinces that asked). */
export const place = () => process.env.TTHC_FORM_PLACE || 'Hưng Yên';
/** the QR code opens the public lookup of the code: TTHC_PUBLIC_URL (the API's public base), default http://localhost:3000 */
export const lookupUrl = (code: string) => `${(process.env.TTHC_PUBLIC_URL || 'http://localhost:3000').replace(/\/+$/, '')}/api/v1/public/dossiers/${encodeURIComponent(code)}`;

async function common(refs: ReferenceRows, d: DossierEntity, issuedAt: Date) {
  const agency = await refs.agency(d.agency);
  const unit = await refs.unit(d.agency, d.receivingUnit);
  const procedure = await refs.procedure(d.procedureCode);
  return {
    procedure,
    seal: { code: d.agency, name: agency?.name ?? d.agency },
    data: {
      agency: { name: (agency?.name ?? d.agency).toUpperCase(), ...(unit ? { unit: unit.name.toUpperCase() } : {}), place: place() },
      dossierCode: d.code ?? d.id,
      issuedAt,
      receivedAt: d.receivedAt ?? d.submittedAt,
      procedureName: procedure?.name ?? d.processKey,
      applicant: {
        name: d.applicantName,
        idNumber: d.applicantIdNumber,
        address: d.applicantAddress,
        ...(d.applicantPhone ? { phone: d.applicantPhone } : {}),
        ...(d.applicantEmail ? { email: d.applicantEmail } : {}),
      },
      ...(d.summary ? { request: d.summary } : {}),
    },
  };
}

/** the form-specific fields of each notice */
export type NoticeFields =
  | { form: 'receipt'; returnPlace?: string }
  | { form: 'supplement'; items: Array<{ name: string; requirement?: string }>; reason: string }
  | { form: 'refusal'; reason: string }
  | { form: 'apology'; reason: string; originalDueAt: Date; newDueAt: Date };

/**
 * Renders a notice with libs/documents (template chosen by the dossier's receipt date), seals
 * it with the agency's key (notice-seal.ts) and stores it as a document of the dossier (kind `notice`, SHA-256, `form`), inside the
 * guard's transaction. The blob is written first (content-addressed; a rolled-back
 * transaction leaves an unreferenced blob, never a row without bytes).
 */
export async function issueNotice(ctx: StepContext, fields: NoticeFields): Promise<{ documentId: string; sha256: string; template: string }> {
  const d = await ctx.dossier();
  const { procedure, seal, data } = await common(ctx.refs, d, ctx.at);
  const officer = { name: ctx.officer.fullName };
  const opts = { publicLookupUrl: lookupUrl(d.code ?? d.id) };
  let rendered: RenderedForm;
  switch (fields.form) {
    case 'receipt': {
      const components = await ctx.m.getRepository(DossierComponentEntity).find({ where: { dossierId: d.id }, order: { ordinal: 'ASC' } });
      rendered = await renderForm('receipt', {
        ...data,
        components: components.map((c) => ({ name: c.name, form: c.form, count: c.count })),
        ...(procedure ? { statutoryDays: procedure.statutoryDays } : {}),
        appointmentAt: d.dueAt ?? ctx.at,
        returnPlace: fields.returnPlace ?? (d.channel === 2 ? 'Trực tuyến (Cổng Dịch vụ công)' : `Bộ phận Một cửa – ${data.agency.name}`),
        fees: (procedure?.fees ?? []).filter((f) => f.amount !== null).map((f) => ({ name: f.name, amountVnd: f.amount as number })),
        submitter: { name: d.applicantName },
        receiver: officer,
      }, opts);
      break;
    }
    case 'supplement':
      rendered = await renderForm('supplement', { ...data, items: fields.items, reason: fields.reason, guide: officer }, opts);
      break;
    case 'refusal':
      rendered = await renderForm('refusal', { ...data, reason: fields.reason, receiver: officer }, opts);
      break;
    case 'apology':
      rendered = await renderForm('apology', {
        ...data,
        originalDueAt: fields.originalDueAt,
        delayReason: fields.reason,
        newDueAt: fields.newDueAt,
        signer: officer,
      }, opts);
      break;
  }
  const blob = await ctx.deps.blobs.put(await sealNotice(ctx.deps, seal, fields.form, rendered, ctx.at));
  const doc = await insertDocumentIn(ctx.m, {
    instanceId: ctx.input.instanceId,
    dossierId: d.id,
    kind: 'notice',
    form: fields.form,
    name: `${FILE_NAMES[fields.form]}-${d.code ?? d.id}.pdf`,
    mediaType: 'application/pdf',
    sizeBytes: blob.size,
    sha256: blob.sha256,
    storageKey: blob.key,
    uploadedBy: ctx.officer.username,
    uploadedAt: ctx.at,
  });
  await ctx.event('document.generated', { documentId: doc.id, form: fields.form, sha256: blob.sha256, template: rendered.template.id });
  return { documentId: doc.id, sha256: blob.sha256, template: rendered.template.id };
}

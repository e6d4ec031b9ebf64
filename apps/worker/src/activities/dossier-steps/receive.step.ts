import { WORKING_DAY_MS } from '@tthc/calendar';
import { StepRefusalCode, type GuardStepResult } from '@tthc/contracts';
import { issueNotice } from './dossier-forms';
import type { StepContext } from './dossier-step.context';
import { refuse } from './step-refusal';

/** domain.md §3.3: an online dossier is received within 8 working hours of its submission */
export const RECEIPT_LIMIT_MS = 8 * 3600_000;

/**
 * `receive` (tiếp nhận): only an officer of the dossier's receiving unit; issues the code
 * `<agency>.<unit>-YYMMDD-NNNN` at the receipt instant, computes NgayHenTra from the
 * procedure's statutory working days with its cut-off, flags a late online receipt, moves
 * 1 → 2 and issues the receipt (Mẫu 01). A dossier received again after a supplement keeps
 * its code and dates (the resume moved them).
 */
export async function receiveStep(ctx: StepContext): Promise<GuardStepResult> {
  const d = await ctx.dossier();
  if (ctx.officer.agency !== d.agency || !ctx.officer.units.includes(d.receivingUnit)) {
    refuse(StepRefusalCode.DOSSIER_WRONG_UNIT, `Chỉ cán bộ của bộ phận tiếp nhận ${d.receivingUnit} (${d.agency}) được tiếp nhận hồ sơ này.`);
  }
  if (d.code) {
    if (d.status !== 2 && d.status !== 4) refuse(StepRefusalCode.DOSSIER_WRONG_STATUS, `Hồ sơ ${d.code} đang ở trạng thái ${d.status}, không tiếp nhận lại được.`);
    await ctx.event('dossier.received-again', { code: d.code });
    return { dossierCode: d.code, dueAt: d.dueAt?.toISOString() ?? null, status: d.status, replayed: false };
  }
  if (d.status !== 1) refuse(StepRefusalCode.DOSSIER_WRONG_STATUS, `Hồ sơ đang ở trạng thái ${d.status}, không tiếp nhận được.`);

  const at = ctx.at;
  const code = await ctx.newCode();
  const procedure = await ctx.refs.procedure(d.procedureCode);
  const days = ctx.input.statutoryDays ?? procedure?.statutoryDays;
  const cutoff = ctx.input.cutoff ?? procedure?.cutoff ?? undefined;
  const opts = { agency: d.agency, ...(cutoff ? { cutoff } : {}) };
  const dueAt = days === undefined ? null : new Date(ctx.cal.addWorkingTimeMs(at.getTime(), days * WORKING_DAY_MS, opts));
  await ctx.update({ code, receivedAt: at, dueAt, originalDueAt: dueAt });
  await ctx.event('dossier.received', { code, receivedAt: at.toISOString(), dueAt: dueAt?.toISOString() ?? null, statutoryDays: days ?? null, cutoff: cutoff ?? null });

  // online: received later than 8 working hours after the submission → flagged, never silently
  if (d.channel === 2 && !d.lateReceipt) {
    const limit = ctx.cal.addWorkingTimeMs(d.submittedAt.getTime(), RECEIPT_LIMIT_MS, { agency: d.agency });
    if (at.getTime() > limit) {
      await ctx.update({ lateReceipt: true });
      await ctx.event('receipt.late', { submittedAt: d.submittedAt.toISOString(), limit: new Date(limit).toISOString(), receivedAt: at.toISOString() });
    }
  }
  await ctx.status(2, `Tiếp nhận hồ sơ ${code}`, { code, dueAt: dueAt?.toISOString() ?? null });
  const form = await issueNotice(ctx, { form: 'receipt', ...(typeof ctx.input.variables.returnPlace === 'string' ? { returnPlace: ctx.input.variables.returnPlace } : {}) });
  return { dossierCode: code, dueAt: dueAt?.toISOString() ?? null, status: 2, replayed: false, formDocumentId: form.documentId };
}

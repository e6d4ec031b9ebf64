import { StepRefusalCode, type GuardStepResult } from '@tthc/contracts';
import { issueNotice } from './dossier-forms';
import type { StepContext } from './dossier-step.context';
import { reasonOf } from './notice-fields.util';
import { refuse } from './step-refusal';

/**
 * `apology` (xin lỗi, hẹn lại): Mẫu 04 with the reason and the new date, at most ONCE per
 * dossier (a second is refused); dueAt becomes the new date, originalDueAt stays for KPIs; the
 * engine's "apology due" flag is cleared.
 */
export async function apologyStep(ctx: StepContext): Promise<GuardStepResult> {
  const d = await ctx.dossier();
  if (d.apologyCount >= 1) refuse(StepRefusalCode.DOSSIER_APOLOGY_ALREADY_ISSUED, `Hồ sơ ${d.code ?? ''} đã có phiếu xin lỗi và hẹn lại ngày trả kết quả; chỉ được xin lỗi một lần.`);
  if (!d.dueAt) refuse(StepRefusalCode.DOSSIER_WRONG_STATUS, 'Hồ sơ chưa có ngày hẹn trả kết quả.');
  const reason = reasonOf(ctx.input.variables, 'Phiếu xin lỗi');
  const raw = ctx.input.variables.newDueAt ?? ctx.input.variables.ngayHenMoi;
  const newDueAt = typeof raw === 'string' ? new Date(raw) : undefined;
  if (!newDueAt || Number.isNaN(newDueAt.getTime()) || newDueAt.getTime() <= d.dueAt.getTime()) {
    refuse(StepRefusalCode.DOSSIER_NOTICE_INCOMPLETE, 'Phiếu xin lỗi phải hẹn lại ngày trả kết quả (biến "newDueAt", ISO 8601) sau ngày hẹn hiện tại.');
  }
  await ctx.update({ apologyCount: d.apologyCount + 1, dueAt: newDueAt, originalDueAt: d.originalDueAt ?? d.dueAt, apologyRequiredAt: null });
  await ctx.event('apology.issued', { reason, previousDueAt: d.dueAt.toISOString(), newDueAt: newDueAt.toISOString(), originalDueAt: (d.originalDueAt ?? d.dueAt).toISOString() });
  const form = await issueNotice(ctx, { form: 'apology', reason, originalDueAt: d.originalDueAt ?? d.dueAt, newDueAt });
  return { dossierCode: d.code ?? undefined, dueAt: newDueAt.toISOString(), status: d.status, replayed: false, formDocumentId: form.documentId };
}

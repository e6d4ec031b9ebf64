import { StepRefusalCode, type GuardStepResult } from '@tthc/contracts';
import { issueNotice } from './dossier-forms';
import type { StepContext } from './dossier-step.context';
import { missingItemsOf, reasonOf } from './notice-fields.util';
import { refuse } from './step-refusal';

/**
 * `supplement` (yêu cầu bổ sung): Mẫu 02 with the missing items and the reason, status 5,
 * the clock paused (the remaining working time is what lies between now and dueAt; the
 * resume moves dueAt by the paused working time). A second request is allowed and recorded
 * as such (`second: true`: KPIs count the dossier late).
 */
export async function supplementStep(ctx: StepContext): Promise<GuardStepResult> {
  const d = await ctx.dossier();
  if (d.status !== 2 && d.status !== 4) refuse(StepRefusalCode.DOSSIER_WRONG_STATUS, `Hồ sơ đang ở trạng thái ${d.status}: chỉ yêu cầu bổ sung hồ sơ đã tiếp nhận hoặc đang xử lý.`);
  const reason = reasonOf(ctx.input.variables, 'Phiếu yêu cầu bổ sung');
  const items = missingItemsOf(ctx.input.variables);
  const count = d.supplementCount + 1;
  const remainingWorkingMs = d.dueAt ? ctx.cal.workingTimeBetweenMs(ctx.at.getTime(), d.dueAt.getTime(), { agency: d.agency }) : null;
  await ctx.update({ supplementCount: count, pausedAt: ctx.at });
  await ctx.event('clock.paused', { statusBefore: d.status, supplementNo: count, second: count > 1, reason, items, remainingWorkingMs, dueAt: d.dueAt?.toISOString() ?? null });
  await ctx.status(5, `Yêu cầu bổ sung hồ sơ (lần ${count}): ${reason}`, { supplementNo: count });
  const form = await issueNotice(ctx, { form: 'supplement', items, reason });
  return { dossierCode: d.code ?? undefined, dueAt: d.dueAt?.toISOString() ?? null, status: 5, replayed: false, clockPaused: true, formDocumentId: form.documentId };
}

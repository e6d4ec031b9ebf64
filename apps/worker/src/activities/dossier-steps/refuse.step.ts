import { FINAL_DOSSIER_STATUSES, type GuardStepResult } from '@tthc/contracts';
import { issueNotice } from './dossier-forms';
import type { StepContext } from './dossier-step.context';
import { reasonOf } from './notice-fields.util';

/** `refuse` (từ chối): Mẫu 03 with the reason, status 3 (final: the dossier ends). A dossier refused before receipt gets its code now (the notice carries it). */
export async function refuseStep(ctx: StepContext): Promise<GuardStepResult> {
  const reason = reasonOf(ctx.input.variables, 'Phiếu từ chối');
  let d = await ctx.dossier();
  if (!d.code) {
    const code = await ctx.newCode();
    await ctx.update({ code });
    d = await ctx.dossier();
  }
  await ctx.event('dossier.refused', { reason });
  if (!FINAL_DOSSIER_STATUSES.includes(d.status)) await ctx.status(3, `Từ chối tiếp nhận, giải quyết hồ sơ: ${reason}`);
  const form = await issueNotice(ctx, { form: 'refusal', reason });
  return { dossierCode: d.code ?? undefined, dueAt: d.dueAt?.toISOString() ?? null, status: 3, replayed: false, formDocumentId: form.documentId };
}

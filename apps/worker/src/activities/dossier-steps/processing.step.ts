import type { GuardStepResult } from '@tthc/contracts';
import type { StepContext } from './dossier-step.context';

/** Processing starts after receipt: the first processing step moves 2 → 4 (one progress record); later ones change no status. */
export async function startProcessing(ctx: StepContext): Promise<GuardStepResult> {
  let d = await ctx.dossier();
  if (d.status === 2) {
    await ctx.status(4, `Chuyển xử lý hồ sơ (${ctx.input.taskName ?? ctx.input.step})`);
    d = await ctx.dossier();
  }
  return { dossierCode: d.code ?? undefined, dueAt: d.dueAt?.toISOString() ?? null, status: d.status, replayed: false };
}

import { StepRefusalCode, type GuardStepResult } from '@tthc/contracts';
import { DocumentEntity, DossierComponentEntity } from '@tthc/persistence';
import type { StepContext } from './dossier-step.context';
import { startProcessing } from './processing.step';
import { refuse } from './step-refusal';

/**
 * `digitise` (số hóa): refuses while a required component has neither a digitised file of
 * this dossier nor a reuse reference to an existing document; then processing starts (2 → 4).
 */
export async function digitiseStep(ctx: StepContext): Promise<GuardStepResult> {
  const d = await ctx.dossier();
  const components = await ctx.m.getRepository(DossierComponentEntity).find({ where: { dossierId: d.id }, order: { ordinal: 'ASC' } });
  const missing: Array<{ id: string; name: string; problem: string }> = [];
  for (const c of components) {
    if (!c.required) continue;
    const id = c.documentId ?? c.reusedDocumentId;
    const doc = id ? await ctx.m.getRepository(DocumentEntity).findOneBy({ id }) : null;
    if (!doc) missing.push({ id: c.id, name: c.name, problem: id ? 'document not found' : 'no digitised file nor reuse reference' });
  }
  if (missing.length) {
    refuse(StepRefusalCode.DOSSIER_COMPONENT_MISSING, `Chưa số hóa thành phần hồ sơ bắt buộc: ${missing.map((m) => m.name).join('; ')}.`, missing);
  }
  await ctx.event('components.digitised', {
    components: components.map((c) => ({ id: c.id, name: c.name, documentId: c.documentId, reusedDocumentId: c.reusedDocumentId })),
  });
  return startProcessing(ctx);
}

import type { FlagLateReceiptInput } from '@tthc/contracts';
import { appendDossierEvent, DossierEntity, inTransaction, lockDossier } from '@tthc/persistence';
import type { DossierStepDeps } from './dossier-step.deps';

/**
 * `flagLateReceipt`: the 8-working-hour limit of an online dossier passed while it is still
 * not received → lateReceipt = true and a `receipt.late` event (KPIs, the control sheet).
 * Idempotent: a dossier already flagged, received, or not online is left alone.
 */
export function flagLateReceiptActivity(deps: DossierStepDeps) {
  return async function flagLateReceipt(input: FlagLateReceiptInput): Promise<boolean> {
    return inTransaction(deps.ds, async (m) => {
      const d = await lockDossier(m, input.dossierId);
      if (d.channel !== 2 || d.lateReceipt || d.status !== 1) return false;
      await m.getRepository(DossierEntity).update({ id: d.id }, { lateReceipt: true, version: d.version + 1 });
      await appendDossierEvent(m, d.id, { kind: 'receipt.late', actor: 'system', at: new Date(input.at), payload: { submittedAt: d.submittedAt.toISOString(), limit: input.deadline, receivedAt: null } });
      return true;
    });
  };
}

import { FINAL_DOSSIER_STATUSES, type RaiseApologyDueInput, type RaiseApologyDueResult } from '@tthc/contracts';
import { appendDossierEvent, DossierEntity, findStepGuard, inTransaction, lockDossier, recordStepGuard } from '@tthc/persistence';
import type { DossierStepDeps } from './dossier-step.deps';

/**
 * `raiseApologyDue`: the engine's apology timer fired, 1 working day before the due date it was
 * armed for (domain.md §3.6). A dossier that is finished (9, or final), paused, or whose due date
 * moved since is left alone. Otherwise ONE transaction: `apology.due {dueAt, remindAt,
 * apologyAllowed}` and, while its one apology is still allowed, `apologyRequiredAt` (the flag the
 * officer's views show until the apology is issued). After the one apology the event records the
 * risk only — a second apology would be refused. Idempotent per (dossier, due date).
 */
export function raiseApologyDueActivity(deps: DossierStepDeps) {
  return async function raiseApologyDue(input: RaiseApologyDueInput): Promise<RaiseApologyDueResult> {
    const key = `apology:${input.dossierId}:${new Date(input.dueAt).getTime()}`;
    return inTransaction(deps.ds, async (m) => {
      const done = await findStepGuard(m, key);
      if (done) return done.result as unknown as RaiseApologyDueResult;
      const d = await lockDossier(m, input.dossierId);
      if (d.status === 9 || FINAL_DOSSIER_STATUSES.includes(d.status) || d.pausedAt || d.dueAt?.toISOString() !== new Date(input.dueAt).toISOString()) return { raised: false };
      const at = new Date(input.at);
      const apologyAllowed = d.apologyCount === 0;
      if (apologyAllowed) await m.getRepository(DossierEntity).update({ id: d.id }, { apologyRequiredAt: at, version: d.version + 1 });
      await appendDossierEvent(m, d.id, {
        kind: 'apology.due',
        actor: 'system',
        at,
        payload: { dueAt: input.dueAt, remindAt: input.remindAt, apologyAllowed, apologyCount: d.apologyCount, status: d.status },
      });
      const result: RaiseApologyDueResult = { raised: true, apologyAllowed };
      await recordStepGuard(m, { taskId: key, dossierId: d.id, step: 'apology-due', completedBy: 'system', completedAt: at, result: result as unknown as Record<string, unknown> });
      return result;
    });
  };
}

import type { ResumeDossierClockInput, ResumeDossierClockResult } from '@tthc/contracts';
import { appendDossierEvent, changeDossierStatus, DossierEntity, DossierEventEntity, findStepGuard, inTransaction, lockDossier, recordStepGuard } from '@tthc/persistence';
import { apologyTimerOf } from './apology-timer';
import type { DossierStepDeps } from './dossier-step.deps';

/**
 * `resumeDossierClock`: the citizen's resubmission reached a paused dossier. The paused
 * working time (pause → now, in the database calendar) is added to pausedWorkingMs and dueAt
 * moves by exactly that working time; status 5 → 2 (one progress record); one transaction,
 * idempotent by `resumeKey` (the supplement task that paused it).
 */
export function resumeDossierClockActivity(deps: DossierStepDeps) {
  return async function resumeDossierClock(input: ResumeDossierClockInput): Promise<ResumeDossierClockResult> {
    const cal = await deps.calendar();
    return inTransaction(deps.ds, async (m) => {
      const done = await findStepGuard(m, input.resumeKey);
      if (done) return done.result as unknown as ResumeDossierClockResult;
      const d = await lockDossier(m, input.dossierId);
      if (!d.pausedAt) return { resumed: false, dueAt: d.dueAt?.toISOString() ?? null, pausedWorkingMs: 0 };
      const at = new Date(input.at);
      const opts = { agency: d.agency };
      const paused = cal.workingTimeBetweenMs(d.pausedAt.getTime(), at.getTime(), opts);
      const dueAt = d.dueAt ? new Date(cal.addWorkingTimeMs(d.dueAt.getTime(), paused, opts)) : null;
      await m.getRepository(DossierEntity).update({ id: d.id }, { pausedAt: null, dueAt, pausedWorkingMs: d.pausedWorkingMs + paused, version: d.version + 1 });
      await appendDossierEvent(m, d.id, {
        kind: 'clock.resumed',
        actor: 'portal',
        at,
        payload: { message: input.messageName, pausedAt: d.pausedAt.toISOString(), pausedWorkingMs: paused, previousDueAt: d.dueAt?.toISOString() ?? null, dueAt: dueAt?.toISOString() ?? null },
      });
      if (d.status === 5) {
        // back to where the supplement request found it: received (2) or processing (4)
        const pause = await m.getRepository(DossierEventEntity).findOne({ where: { dossierId: d.id, kind: 'clock.paused' }, order: { seq: 'DESC' } });
        const before = pause?.payload.statusBefore === 4 ? 4 : 2;
        await changeDossierStatus(
          m,
          d.id,
          before,
          { actor: 'portal', handler: d.applicantName, handlerTitle: 'Người nộp hồ sơ', unitName: 'Cổng Dịch vụ công', content: 'Công dân đã bổ sung hồ sơ; tiếp tục giải quyết', details: { resumeKey: input.resumeKey } },
          at,
        );
      }
      const apologyTimer = apologyTimerOf(await lockDossier(m, d.id), cal);
      const result: ResumeDossierClockResult = { resumed: true, dueAt: dueAt?.toISOString() ?? null, pausedWorkingMs: paused, ...(apologyTimer ? { apologyTimer } : {}) };
      await recordStepGuard(m, { taskId: input.resumeKey, dossierId: d.id, step: 'resume', completedBy: 'portal', completedAt: at, result: result as unknown as Record<string, unknown> });
      return result;
    });
  };
}

import { FINAL_DOSSIER_STATUSES, StepRefusalCode, type GuardStepInput, type GuardStepResult } from '@tthc/contracts';
import { DocumentEntity, dossierCodeUnit, DossierEntity, DossierNotFoundError, findStepGuard, inTransaction, isUniqueViolation, openStepGuard, recordStepGuard, reserveDossierCode } from '@tthc/persistence';
import { In } from 'typeorm';
import { apologyStep } from './apology.step';
import { apologyTimerOf } from './apology-timer';
import { createStepContext, loadOfficer, type StepContext } from './dossier-step.context';
import { referenceRows } from './reference-rows';
import type { DossierStepDeps } from './dossier-step.deps';
import { digitiseStep } from './digitise.step';
import { startProcessing } from './processing.step';
import { receiveStep } from './receive.step';
import { refuseStep } from './refuse.step';
import { returnStep } from './return.step';
import { checkSignatures, currentResults, stillCurrent, type SignatureCheck } from './signature-check';
import { signStep } from './sign.step';
import { refuse, StepRefusedError } from './step-refusal';
import { supplementStep } from './supplement.step';

type StepRule = (ctx: StepContext) => Promise<GuardStepResult>;

/** the enforced steps (domain.md §1 "Runtime enforcement"); every other step records its hand-over only */
const RULES: Record<string, StepRule> = {
  receive: receiveStep,
  supplement: supplementStep,
  refuse: refuseStep,
  digitise: digitiseStep,
  sign: signStep,
  return: returnStep,
  apology: apologyStep,
  review: startProcessing,
  approve: startProcessing,
  certify: startProcessing,
};

/** steps allowed on a dossier whose status is final (3, 7, 8, 10): none */
const PROCESSING_STEPS = new Set(['digitise', 'review', 'approve', 'certify', 'sign']);

/**
 * The `guardStep` activity (architecture.md §3.1). Signatures are verified first (blob reads,
 * public-key work); then ONE transaction: the idempotency record of the task (a retried
 * activity answers the recorded result, nothing is written twice), the dossier lock, the step's
 * checks and effects (code, dates, status + progress records, forms), the `step.completed`
 * hand-over event. A refusal is a non-retryable STEP_REFUSED failure and writes nothing.
 */
export function guardStepActivity(deps: DossierStepDeps) {
  return async function guardStep(input: GuardStepInput): Promise<GuardStepResult> {
    try {
      const signatures = await signaturesFor(deps, input);
      // before the transaction: loading the calendar may seed its tables in a transaction of its own
      const cal = await deps.calendar();
      const reservedCode = await reserveCodeFor(deps, input);
      return await inTransaction(deps.ds, async (m) => {
        const { dossier, done, taskDueAt, user, agency, receivingUnit } = await openStepGuard(m, input.dossierId, input.taskId, input.by);
        if (done) return { ...(done.result as unknown as GuardStepResult), replayed: true };
        if (signatures && !(await stillCurrent(m, signatures))) throw new Error('the documents changed while their signatures were verified; retrying');
        const refs = referenceRows(m, {
          agency: { code: dossier.agency, row: agency },
          unit: { agency: dossier.agency, code: dossier.receivingUnit, row: receivingUnit },
        });
        const officer = await loadOfficer(m, input.by, dossier, refs, user);
        if (!officer) refuse(StepRefusalCode.DOSSIER_UNKNOWN_OFFICER, `Không tìm thấy cán bộ "${input.by}" (hoặc tài khoản đã bị khóa).`);
        if (input.step !== 'receive' && officer.agency !== dossier.agency) {
          refuse(StepRefusalCode.DOSSIER_WRONG_UNIT, `Hồ sơ thuộc ${dossier.agency}; cán bộ ${officer.fullName} không thuộc cơ quan này.`);
        }
        if (FINAL_DOSSIER_STATUSES.includes(dossier.status)) {
          refuse(StepRefusalCode.DOSSIER_WRONG_STATUS, `Hồ sơ ${dossier.code ?? ''} đã kết thúc (trạng thái ${dossier.status}).`);
        }
        if (PROCESSING_STEPS.has(input.step) && (dossier.status === 1 || dossier.status === 5)) {
          refuse(StepRefusalCode.DOSSIER_WRONG_STATUS, dossier.status === 1 ? 'Hồ sơ chưa được tiếp nhận.' : 'Hồ sơ đang chờ công dân bổ sung.');
        }
        const ctx = createStepContext({ m, deps, input, officer, cal, locked: dossier, refs, ...(signatures ? { signatures } : {}), ...(reservedCode ? { reservedCode } : {}) });
        const rule = RULES[input.step];
        const stepResult = rule ? await rule(ctx) : await handOverOnly(ctx);
        // the engine (re)arms its apology timer from this: due − 1 working day of the due date the step left
        const apologyTimer = apologyTimerOf(await ctx.dossier(), cal);
        const result: GuardStepResult = { ...stepResult, ...(apologyTimer ? { apologyTimer } : {}) };
        await ctx.event('step.completed', { elementId: input.elementId, taskName: input.taskName ?? null, outcome: await outcomeOf(ctx, taskDueAt) });
        await recordStepGuard(m, {
          taskId: input.taskId,
          dossierId: input.dossierId,
          step: input.step,
          completedBy: input.by,
          completedAt: new Date(input.at),
          result: result as unknown as Record<string, unknown>,
        });
        return result;
      });
    } catch (err) {
      if (err instanceof StepRefusedError) throw err.toFailure(input.step, input.taskId);
      if (err instanceof DossierNotFoundError) throw new StepRefusedError(StepRefusalCode.DOSSIER_NOT_FOUND, `Không tìm thấy hồ sơ ${input.dossierId}.`).toFailure(input.step, input.taskId);
      // a concurrent guard of the same task committed first: answer what it recorded
      if (isUniqueViolation(err)) {
        const done = await inTransaction(deps.ds, (m) => findStepGuard(m, input.taskId));
        if (done) return { ...(done.result as unknown as GuardStepResult), replayed: true };
      }
      throw err;
    }
  };
}

/**
 * receive / refuse of a dossier that has no code yet: its code, taken before the transaction
 * (reserveDossierCode: the unit's sequence row is locked for one statement, not for the whole
 * guard with its sealed receipt). Read without a lock: a dossier that turns out to be coded or
 * refused in the transaction skips the number (docs/dossiers.md "Dossier codes").
 */
async function reserveCodeFor(deps: DossierStepDeps, input: GuardStepInput): Promise<string | undefined> {
  if (input.step !== 'receive' && input.step !== 'refuse') return undefined;
  const d = await deps.ds.getRepository(DossierEntity).findOneBy({ id: input.dossierId });
  if (!d || d.code || (input.step === 'receive' && d.status !== 1)) return undefined;
  return reserveDossierCode(deps.ds, dossierCodeUnit(d.agency, d.receivingUnit), new Date(input.at));
}

async function handOverOnly(ctx: StepContext): Promise<GuardStepResult> {
  const d = await ctx.dossier();
  return { dossierCode: d.code ?? undefined, dueAt: d.dueAt?.toISOString() ?? null, status: d.status, replayed: false };
}

/** sign / return: the documents whose signatures the step needs, verified before the transaction */
async function signaturesFor(deps: DossierStepDeps, input: GuardStepInput): Promise<SignatureCheck | undefined> {
  if (input.step !== 'sign' && input.step !== 'return') return undefined;
  const ids = input.step === 'sign' && Array.isArray(input.variables.documentIds) ? input.variables.documentIds.filter((x): x is string => typeof x === 'string') : [];
  const docs = ids.length
    ? await deps.ds.getRepository(DocumentEntity).find({ where: { id: In(ids), dossierId: input.dossierId, isCurrent: true } })
    : await currentResults(deps.ds, input.dossierId);
  if (ids.length && docs.length !== new Set(ids).size) {
    const found = new Set(docs.map((d) => d.id));
    throw new StepRefusedError(
      StepRefusalCode.DOSSIER_NOTHING_TO_SIGN,
      'Văn bản cần ký không thuộc hồ sơ này hoặc đã có phiên bản mới hơn.',
      ids.filter((id) => !found.has(id)).map((id) => ({ id, name: id, problem: 'not a current document of the dossier' })),
    );
  }
  return checkSignatures(deps, docs);
}

/** the hand-over's result for the control sheet: against the task's due date, else the dossier's */
async function outcomeOf(ctx: StepContext, taskDueAt: Date | null): Promise<'early' | 'on-time' | 'late' | null> {
  const d = await ctx.dossier();
  const due = taskDueAt ?? d.dueAt;
  if (!due) return null;
  const left = due.getTime() - ctx.at.getTime();
  if (left < 0) return 'late';
  // early: at least one working day ahead of the due date
  return ctx.cal.workingTimeBetweenMs(ctx.at.getTime(), due.getTime(), { agency: d.agency }) >= 8 * 3600_000 ? 'early' : 'on-time';
}

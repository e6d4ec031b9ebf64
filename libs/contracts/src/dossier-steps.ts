/**
 * The step guard (architecture.md §3.1): what the `completeTask` update handler sends to the
 * `guardStep` activity for a user task carrying `tthc:step` in a dossier's run, what it gets
 * back, and the typed refusal the API maps to 409/422. Pure data.
 */

/** ApplicationFailure type of a refused step; `details[0]` is a {@link StepRefusal}. Non-retryable. */
export const STEP_REFUSED_FAILURE = 'STEP_REFUSED';

/** Why the engine refused to complete a step (stable codes; the API answers them as `error.code`). */
export const StepRefusalCode = {
  /** the run names a dossier that does not exist (configuration error) */
  DOSSIER_NOT_FOUND: 'DOSSIER_NOT_FOUND',
  /** `receive` by an officer who is not of the dossier's receiving unit (or any step outside the dossier's agency) */
  DOSSIER_WRONG_UNIT: 'DOSSIER_WRONG_UNIT',
  /** the dossier's status does not allow this step (already refused/returned, not received yet…) */
  DOSSIER_WRONG_STATUS: 'DOSSIER_WRONG_STATUS',
  /** `digitise`: a required component has neither a digitised file nor a reuse reference */
  DOSSIER_COMPONENT_MISSING: 'DOSSIER_COMPONENT_MISSING',
  /** `sign`: no document to sign */
  DOSSIER_NOTHING_TO_SIGN: 'DOSSIER_NOTHING_TO_SIGN',
  /** `sign`/`return`: a signature does not verify (tampered, untrusted, broken) */
  DOSSIER_SIGNATURE_INVALID: 'DOSSIER_SIGNATURE_INVALID',
  /** `sign`: the documents verify but none of their signatures is by the officer completing the step */
  DOSSIER_SIGNER_MISMATCH: 'DOSSIER_SIGNER_MISMATCH',
  /** `return`: the dossier has no result document */
  DOSSIER_RESULT_MISSING: 'DOSSIER_RESULT_MISSING',
  /** `return`: a result document carries no signature */
  DOSSIER_RESULT_UNSIGNED: 'DOSSIER_RESULT_UNSIGNED',
  /** `apology`: the dossier's one apology was already issued */
  DOSSIER_APOLOGY_ALREADY_ISSUED: 'DOSSIER_APOLOGY_ALREADY_ISSUED',
  /** `supplement`/`refuse`/`apology`: the notice needs a reason (and the apology a new date) */
  DOSSIER_NOTICE_INCOMPLETE: 'DOSSIER_NOTICE_INCOMPLETE',
  /** the completing user is unknown or inactive */
  DOSSIER_UNKNOWN_OFFICER: 'DOSSIER_UNKNOWN_OFFICER',
} as const;
export type StepRefusalCode = (typeof StepRefusalCode)[keyof typeof StepRefusalCode];

export interface StepRefusal {
  code: StepRefusalCode;
  /** Vietnamese, readable by the officer (it is shown as is) */
  message: string;
  step: string;
  taskId: string;
  /** e.g. the missing components, the documents whose signatures fail */
  items?: Array<{ id?: string; name: string; problem?: string }>;
}

export interface GuardStepInput {
  dossierId: string;
  instanceId: string;
  taskId: string;
  elementId: string;
  /** the task's BPMN name (control sheet rows) */
  taskName?: string;
  step: string;
  /** username of the officer completing the task */
  by: string;
  /** what the officer submitted with the completion (reason, missingItems, newDueAt, documentIds…) */
  variables: Record<string, unknown>;
  /** workflow time of the completion: the instant of the step (receipt instant, pause…) */
  at: string;
  /** from the pinned graph: statutory working days and receipt cut-off of the procedure */
  statutoryDays?: number;
  cutoff?: string;
  procedureCode?: string;
  agency?: string;
}

export interface GuardStepResult {
  /** the dossier code (issued by this step, or already issued) */
  dossierCode?: string;
  /** the dossier's current appointment date after the step */
  dueAt?: string | null;
  status: number;
  /** true when this task's effects had already been recorded (a retried activity): nothing was written twice */
  replayed: boolean;
  /** the clock is paused after this step (supplement): the next resubmission message resumes it */
  clockPaused?: boolean;
  /** generated form stored as a document (receipt, supplement, refusal, apology) */
  formDocumentId?: string;
  /** result codes given by `return` */
  resultCodes?: string[];
  /**
   * the apology reminder of the dossier's current appointment date (due − 1 working day, computed
   * by the activity on the database calendar so the workflow stays deterministic); absent while the
   * dossier has no running clock (not received, paused, finished): the workflow then has no timer
   */
  apologyTimer?: ApologyTimer;
}

/** when the engine checks that a dossier will not be late: `remindAt` = `dueAt` − 1 working day (domain.md §3.6) */
export interface ApologyTimer {
  dueAt: string;
  remindAt: string;
}

/** the citizen's resubmission reached a dossier whose clock is paused: resume it (due moves by the paused working time) */
export interface ResumeDossierClockInput {
  dossierId: string;
  instanceId: string;
  /** workflow time the message arrived */
  at: string;
  messageName: string;
  /** idempotency key: one resume per delivered message */
  resumeKey: string;
}
export interface ResumeDossierClockResult {
  resumed: boolean;
  dueAt: string | null;
  /** working time (ms) this pause lasted */
  pausedWorkingMs: number;
  /** the apology reminder of the moved due date (see GuardStepResult.apologyTimer) */
  apologyTimer?: ApologyTimer;
}

/** the engine's apology timer fired (due − 1 working day): flag the dossier if it is still not finished */
export interface RaiseApologyDueInput {
  dossierId: string;
  instanceId: string;
  /** the timer it was armed for; a dossier whose due date moved since is left alone */
  dueAt: string;
  remindAt: string;
  /** workflow time it fired */
  at: string;
}
export interface RaiseApologyDueResult {
  /** an `apology.due` event was recorded (false: finished, paused, due date moved, or recorded already) */
  raised: boolean;
  /** the dossier may still issue its one apology (false once it has: the event records the risk only) */
  apologyAllowed?: boolean;
}

/** the receipt limit (8 working hours after an online submission) passed: flag the dossier late if it is still not received */
export interface FlagLateReceiptInput {
  dossierId: string;
  /** the limit instant */
  deadline: string;
  at: string;
}

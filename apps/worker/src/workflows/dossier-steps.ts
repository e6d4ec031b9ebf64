/**
 * The dossier side of a run (architecture.md §3.1), deterministic workflow code: the step
 * guard awaited by the `completeTask` update handler, the resubmission that resumes a paused
 * clock, the 8-working-hour receipt limit of an online dossier, the apology timer at due − 1
 * working day, and the `TthcDossierCode` search attribute. Active only for runs of a dossier
 * (`input.dossierId`) started after the `tthc-dossier-step-guard` patch (the apology timer and
 * the resubmission-only resume after their own patches); every dossier activity runs one at a
 * time, in order.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  log,
  patched,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { defineSearchAttributeKey } from '@temporalio/common';
import { RESUBMISSION_MESSAGE, STEP_REFUSED_FAILURE, type ApologyTimer, type ExecutableGraph, type PendingTimerView, type GraphNode, type GuardStepResult, type ProcessActivities, type RunProcessInput, type StepRefusal } from '@tthc/contracts';
import { dossierActivities, dossierLocal, inbox, local } from './activity-proxies';
import type { PinnedCalendar } from './pinned-calendar';
import type { PatchAsker } from './run-patches';
import { DOSSIER_APOLOGY_FOLLOWS_CALENDAR_PATCH } from './runtime-patches';

/** patch id: user tasks with a tthc:step in a dossier's run go through the guardStep activity (and the dossier timers/resume) */
export const DOSSIER_STEP_GUARD_PATCH = 'tthc-dossier-step-guard';
/** the receipt limit of an online dossier (domain.md §3.3) */
export const RECEIPT_LIMIT = 'PT8H';
/** `getTimers` id of the engine's apology timer of a dossier run */
export const APOLOGY_TIMER_ID = 'dossier-apology';
export const DOSSIER_CODE_ATTRIBUTE = defineSearchAttributeKey('TthcDossierCode', 'KEYWORD');

/** What a dossier run carries across continueAsNew. */
export interface DossierResumeState {
  received: boolean;
  codeSet?: string;
  pausedByTask?: string;
  /** the armed apology timer (the new run arms it again) */
  apology?: ApologyTimer;
  /**
   * the receipt limit's instant while it still runs (only a migrated run carries it: a migration may
   * happen before the receipt, DOSSIER_MIGRATION_BEFORE_RECEIPT_PATCH); the new run waits for it again
   */
  receiptDeadline?: string;
}

/** behaviour switched on by patches (runtime-patches.ts), and the run's side-effect tracker */
export interface DossierStepsOptions {
  /** DOSSIER_APOLOGY_TIMER_PATCH */
  apologyTimer: boolean;
  /** DOSSIER_RESUBMISSION_ONLY_PATCH */
  resubmissionOnly: boolean;
  /** RECEIPT_LIMIT_SERIAL_DUE_PATCH: the runtime's serial due-date computation (undefined: a local activity of its own) */
  serialDue?: (from: string, duration: string) => Promise<string | undefined>;
  /** the run's patches (RunPatches), for the ones asked later in the run (DOSSIER_APOLOGY_FOLLOWS_CALENDAR_PATCH) */
  patches: PatchAsker;
  /** keeps a side effect so the run does not end or continue-as-new before it finishes (ProcessRuntime.track) */
  track: <T>(p: Promise<T>) => Promise<T>;
  /**
   * ONE_WRITE_HANDOFF_PATCH (asked at the guard when the run has not asked it yet): the guard is a local
   * activity, run through `serialLocal` (the runtime's local chain); undefined: an ordinary activity
   */
  localGuard?: { enabled: () => boolean; serialLocal: <T>(call: () => Promise<T>) => Promise<T> };
}

export class DossierSteps {
  /** dossier activities run one after the other (guard, resume, late flag), in workflow order */
  private chain: Promise<unknown> = Promise.resolve();
  /** task id → a completion under way (a concurrent completion of the same task waits for it) */
  private readonly holds = new Map<string, Promise<void>>();
  private received: boolean;
  private codeSet?: string;
  /** the supplement task whose completion paused the clock (the resume is keyed by it) */
  private pausedByTask?: string;
  private receiptLimit?: CancellationScope;
  /** the receipt limit's instant once computed (its timer runs until then) */
  private receiptDeadline?: string;
  /** the receipt limit passed: flagLateReceipt runs */
  private receiptFlagging = false;
  /** the engine's apology timer (DOSSIER_APOLOGY_TIMER_PATCH): due − 1 working day of the current due date */
  private apology?: { timer: ApologyTimer; scope: CancellationScope };

  constructor(
    readonly input: RunProcessInput & { dossierId: string },
    resume?: DossierResumeState,
    private readonly options: DossierStepsOptions = { apologyTimer: false, resubmissionOnly: false, patches: { has: patched }, track: (p) => p },
  ) {
    this.received = resume?.received ?? false;
    this.codeSet = resume?.codeSet;
    this.pausedByTask = resume?.pausedByTask;
    if (resume?.apology) this.armApology(resume.apology);
  }

  /** the step of a user task's element, when it carries one */
  stepOf(elementId: string | undefined): { step: string; name?: string } | undefined {
    if (!elementId) return undefined;
    const node = findNode(this.input.graph, elementId);
    return node?.step ? { step: node.step, name: node.name } : undefined;
  }

  /**
   * Runs the guard of a step and returns its result; a refusal is rethrown as the update's
   * failure (type STEP_REFUSED, details[0] = StepRefusal).
   */
  async guard(args: { taskId: string; elementId: string; step: string; name?: string; by: string; variables: Record<string, unknown> }): Promise<GuardStepResult> {
    const at = new Date().toISOString();
    const tthc = this.input.graph.tthc ?? {};
    const local = this.options.localGuard;
    const guardStep: ProcessActivities['guardStep'] = local?.enabled() ? (input) => local.serialLocal(() => dossierLocal.guardStep(input)) : dossierActivities.guardStep;
    const run = this.serial(() =>
      guardStep({
        dossierId: this.input.dossierId,
        instanceId: this.input.instanceId,
        taskId: args.taskId,
        elementId: args.elementId,
        ...(args.name ? { taskName: args.name } : {}),
        step: args.step,
        by: args.by,
        variables: args.variables,
        at,
        ...(tthc.statutoryDays !== undefined ? { statutoryDays: tthc.statutoryDays } : {}),
        ...(tthc.cutoff ? { cutoff: tthc.cutoff } : {}),
        ...(tthc.procedureCode ? { procedureCode: tthc.procedureCode } : {}),
        ...(this.input.agency ?? tthc.agency ? { agency: this.input.agency ?? tthc.agency } : {}),
      }),
    );
    let result: GuardStepResult;
    try {
      result = await run;
    } catch (err) {
      throw refusalOf(err);
    }
    this.afterGuard(args.taskId, args.step, result);
    return result;
  }

  /** a completion of this task is under way (guard running or about to dispatch): resolves when it is done either way */
  busy(taskId: string): Promise<void> | undefined {
    return this.holds.get(taskId);
  }

  /** marks a completion of this task as under way, synchronously; call the returned function when it is done */
  hold(taskId: string): () => void {
    let done!: () => void;
    this.holds.set(taskId, new Promise<void>((resolve) => (done = resolve)));
    return () => {
      this.holds.delete(taskId);
      done();
    };
  }

  private afterGuard(taskId: string, step: string, result: GuardStepResult): void {
    if (result.dossierCode && result.dossierCode !== this.codeSet) {
      // an operator finds the dossier by its code in the Temporal UI
      upsertSearchAttributes([{ key: DOSSIER_CODE_ATTRIBUTE, value: result.dossierCode }]);
      this.codeSet = result.dossierCode;
    }
    if (step === 'receive' || step === 'refuse' || step === 'supplement') {
      // received, refused or asked to supplement: the receipt limit is met (domain.md §3.3)
      this.received = true;
      this.receiptLimit?.cancel();
      this.receiptLimit = undefined;
    }
    if (result.clockPaused) this.pausedByTask = taskId;
    // received, due moved (apology), paused, finished: the timer follows the due date the step left
    this.armApology(result.apologyTimer);
  }

  /**
   * A message reached the run while the clock is paused (the citizen's resubmission): the
   * resumeDossierClock activity moves dueAt by the paused working time. Runs in the dossier
   * chain, so a step completed after the message sees the resumed clock.
   */
  onMessage(name: string, track: (p: Promise<unknown>) => Promise<unknown>): void {
    const pausedBy = this.pausedByTask;
    if (!pausedBy) return;
    // only the citizen's resubmission resumes the clock (before the patch: any message did)
    if (this.options.resubmissionOnly && name !== RESUBMISSION_MESSAGE) return;
    this.pausedByTask = undefined;
    const at = new Date().toISOString();
    void track(
      this.serial(() =>
        inbox.resumeDossierClock({ dossierId: this.input.dossierId, instanceId: this.input.instanceId, at, messageName: name, resumeKey: `resume:${pausedBy}` }),
      ).then((resumed) => {
        // the due date moved by the paused working time: the apology timer follows it
        if (resumed.resumed) this.armApology(resumed.apologyTimer);
        return resumed;
      }),
    );
  }

  /**
   * A calendar change (calendarChanged re-pinned `after` in place of `before`): the armed apology reminder
   * keeps its working-time lead before the due date — measured on the calendar it was computed with — under
   * the changed calendar, so a day off inserted before the due date moves it earlier (the due date itself is
   * the dossier's appointment and does not move). Runs without a pinned calendar, or before
   * DOSSIER_APOLOGY_FOLLOWS_CALENDAR_PATCH, keep the reminder where it was armed.
   */
  calendarChanged(before: PinnedCalendar | undefined, after: PinnedCalendar | undefined): void {
    const armed = this.apology?.timer;
    if (!armed || !before || !after || !this.options.patches.has(DOSSIER_APOLOGY_FOLLOWS_CALENDAR_PATCH)) return;
    const lead = before.workingMsBetween(armed.remindAt, armed.dueAt);
    this.armApology({ ...armed, remindAt: after.workingMsBefore(armed.dueAt, lead) });
  }

  /**
   * (Re)arms the apology timer for the due date an activity reported (domain.md §3.6): it sleeps
   * until `remindAt` (computed by the activity on the database calendar, so it is in history) and
   * then runs raiseApologyDue, which flags the dossier if it is still not finished and its due
   * date has not moved. No timer (`undefined`) cancels the armed one: the clock is paused or the
   * dossier is finished. A timer already armed for the same instants is kept. Only after
   * DOSSIER_APOLOGY_TIMER_PATCH; whether or not the BPMN draws its own boundary timer.
   */
  private armApology(timer: ApologyTimer | undefined): void {
    if (!this.options.apologyTimer) return;
    const armed = this.apology;
    if (armed && timer && armed.timer.dueAt === timer.dueAt && armed.timer.remindAt === timer.remindAt) return;
    armed?.scope.cancel();
    this.apology = undefined;
    if (!timer) return;
    const scope = new CancellationScope();
    const entry = { timer, scope };
    this.apology = entry;
    scope
      .run(async () => {
        const delay = new Date(timer.remindAt).getTime() - Date.now();
        if (delay > 0) await sleep(delay);
      })
      .then(
        () => {
          if (this.apology !== entry) return;
          this.apology = undefined;
          const at = new Date().toISOString();
          void this.options.track(this.serial(() => inbox.raiseApologyDue({ dossierId: this.input.dossierId, instanceId: this.input.instanceId, dueAt: timer.dueAt, remindAt: timer.remindAt, at })));
        },
        (err: unknown) => {
          if (!isCancellation(err)) log.warn('apology timer failed', { dossierId: this.input.dossierId, error: String(err) });
        },
      );
  }

  /**
   * The 8-working-hour receipt limit (fresh runs only): computed from the start of the run
   * (the submission) through computeDue, so the instant is in history; when it passes and the
   * dossier is still not received, flagLateReceipt records it (never silently). Cancelled by
   * the first receive / refuse / supplement.
   */
  armReceiptLimit(startedAt: string): void {
    if (this.received) return;
    // not an async function: its promise is awaited as is, so the limit's timer starts in the same microtask
    // turn as before this helper existed (an extra async layer would move it after other commands: replay)
    const serialDue = this.options.serialDue;
    this.runReceiptLimit(() =>
      serialDue
        ? serialDue(startedAt, RECEIPT_LIMIT)
        : local.computeDue({ from: startedAt, duration: RECEIPT_LIMIT, calendar: 'working', ...(this.input.agency ? { agency: this.input.agency } : {}) }),
    );
  }

  /**
   * A run migrated before the receipt (DOSSIER_MIGRATION_BEFORE_RECEIPT_PATCH) waits for the
   * receipt limit its previous run computed: same instant, same late flag.
   */
  resumeReceiptLimit(resume: DossierResumeState | undefined): void {
    const deadline = resume?.receiptDeadline;
    if (deadline && !this.received) this.runReceiptLimit(() => Promise.resolve(deadline));
  }

  private runReceiptLimit(deadlineOf: () => Promise<string | undefined>): void {
    const scope = new CancellationScope();
    this.receiptLimit = scope;
    const done = () => {
      if (this.receiptLimit !== scope) return;
      this.receiptLimit = undefined;
      this.receiptDeadline = undefined;
      this.receiptFlagging = false;
    };
    scope
      .run(async () => {
        const deadline = await deadlineOf();
        if (!deadline) return; // the calendar could not compute it: logged by the runtime
        this.receiptDeadline = deadline;
        const delay = new Date(deadline).getTime() - Date.now();
        if (delay > 0) await sleep(delay);
        if (this.received) return;
        this.receiptFlagging = true;
        await this.serial(() => inbox.flagLateReceipt({ dossierId: this.input.dossierId, deadline, at: new Date().toISOString() }));
      })
      .then(done, (err: unknown) => {
        done();
        if (!isCancellation(err)) log.warn('receipt limit not checked', { dossierId: this.input.dossierId, error: String(err) });
      });
  }

  /** the armed apology timer, for the `getTimers` query (id `dossier-apology`) */
  timerViews(): PendingTimerView[] {
    return this.apology ? [{ timerId: APOLOGY_TIMER_ID, fireAt: this.apology.timer.remindAt, calendar: 'working' }] : [];
  }

  /** nothing in flight a continueAsNew would lose */
  quiescent(): boolean {
    return this.holds.size === 0 && !this.receiptLimit;
  }

  /**
   * nothing in flight a migration's continueAsNew would lose: as quiescent(), except that a receipt
   * limit waiting for its known instant is carried to the new run (resumeState().receiptDeadline)
   */
  migratable(): boolean {
    return this.holds.size === 0 && (!this.receiptLimit || (this.receiptDeadline !== undefined && !this.receiptFlagging));
  }

  /** not received yet: its receipt limit still runs */
  beforeReceipt(): boolean {
    return !this.received && this.receiptLimit !== undefined;
  }

  resumeState(): DossierResumeState {
    return {
      received: this.received,
      ...(this.codeSet ? { codeSet: this.codeSet } : {}),
      ...(this.pausedByTask ? { pausedByTask: this.pausedByTask } : {}),
      ...(this.apology ? { apology: this.apology.timer } : {}),
      ...(this.receiptLimit && this.receiptDeadline ? { receiptDeadline: this.receiptDeadline } : {}),
    };
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** the update's failure for a refused step: STEP_REFUSED with the activity's StepRefusal, or the error as it came */
function refusalOf(err: unknown): unknown {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type === STEP_REFUSED_FAILURE) {
    const refusal = cause.details?.[0] as StepRefusal | undefined;
    return ApplicationFailure.create({ type: STEP_REFUSED_FAILURE, message: refusal?.message ?? cause.message, details: refusal ? [refusal] : [], nonRetryable: true });
  }
  return err;
}

export function findNode(graph: ExecutableGraph, elementId: string): GraphNode | undefined {
  const stack = [graph.root];
  while (stack.length) {
    const scope = stack.pop()!;
    const hit = scope.nodes[elementId];
    if (hit) return hit;
    for (const node of Object.values(scope.nodes)) if (node.scope) stack.push(node.scope);
  }
  return undefined;
}

/**
 * The adapter between the pure interpreter (`@tthc/engine`) and Temporal. It feeds
 * EngineEvents in (synchronously, one `dispatch` per event) and carries out the
 * EngineCommands: activities for jobs and inbox rows, timers, child workflows.
 * Everything asynchronous ends in another `dispatch`, so the engine only ever runs
 * synchronously — cheap in the TypeScript SDK (performance.md).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { CHILD_ESCALATED_SIGNAL, type ChildEscalatedArgs, type PendingTimerView, type RunProcessInput } from '@tthc/contracts';
import { ProcessEngine, type EngineCommand, type EngineEvent, type EngineOptions } from '@tthc/engine';
import { inbox, serviceTasks } from './activity-proxies';
import type { CalendarSnapshot } from '@tthc/calendar/src/calendar-snapshot';
import type { RecalendarableRuntime, WorkingTimerSpec } from './calendar-changes';
import { BPMN_ERROR_FAILURE, type BpmnErrorDetails } from './failure-types';
import { DeliveredOnce } from './delivered-once';
import type { DossierSteps } from './dossier-steps';
import { PoisonGuard, POISON_INCIDENTS_PATCH, type AdapterIncident } from './poison-guard';
import { PinnedCalendar } from './pinned-calendar';
import { ACTIVITY_DEFAULT_FLOW_PATCH, ACTIVITY_QUANTITIES_PATCH, C8_NULL_CONDITIONS_PATCH, ESCALATE_TO_PARENT_PATCH, LOOP_VALUE_INCIDENTS_PATCH, ONE_WRITE_HANDOFF_PATCH, OPERATOR_UPDATE_NOT_LAST_TASK_PATCH, THROW_STARTS_PATCH, WORKFLOW_CALENDAR_PATCH } from './runtime-patches';
import type { HeldEvent, ResumeState } from './resume-state';
import type { RunPatches } from './run-patches';
import { RuntimeChildren } from './runtime-children';
import { RuntimeInbox } from './runtime-inbox';
import { RuntimeProgress } from './runtime-progress';
import { LocalChain, SERIAL_LOCAL_ACTIVITIES_PATCH } from './local-chain';
import { RuntimeJobs, type InlineOutcome } from './runtime-jobs';
import { errorMessage, RuntimeTimers } from './runtime-timers';

/** longest deferral of progress during an automated stretch, in workflow time */
type Ended = Extract<EngineCommand, { kind: 'ended' }>;

export interface DispatchResult {
  /** sequence number of this event; progress is visible once flushedSeq ≥ seq */
  seq: number;
  /** inbox rows created by this event's commands */
  inboxWrites: Promise<unknown>[];
}

export class ProcessRuntime implements RecalendarableRuntime {
  private current: ProcessEngine;
  get engine(): ProcessEngine {
    return this.current;
  }
  private readonly options: EngineOptions;
  /** patches.has(POISON_INCIDENTS_PATCH): deterministic failures become incidents (poison-guard.ts) */
  readonly guarded: boolean;
  /** incidents raised by the adapter (failed start, failed event), next to the engine's own */
  readonly adapterIncidents = new Map<string, AdapterIncident>();
  /** guarded runs: the engine's start and events with rollback (poison-guard.ts) */
  private readonly guard?: PoisonGuard;
  /** running jobs: their cancellation scope (none for a pure step computed in the workflow) */
  private readonly jobs = new Map<string, CancellationScope | undefined>();
  /** pure steps computed in the workflow, waiting for their completion to be dispatched (completeInline) */
  private readonly inlineDone: Array<{ jobId: string; outcome: InlineOutcome }> = [];
  private drainingInline = false;
  /** every local activity of the run, one at a time (local-chain.ts; off for runs before its patch) */
  readonly localChain: LocalChain;
  /** where service-task handlers run: local activity or durable activity (runtime-jobs.ts) */
  private readonly jobRunner: RuntimeJobs;
  /** BPMN timers and due-date computations (runtime-timers.ts) */
  private readonly timers: RuntimeTimers;
  /** pending working-time timers: how their instant was computed (calendar-changes.ts recomputes it) */
  get workingTimers(): Map<string, WorkingTimerSpec> {
    return this.timers.workingTimers;
  }
  /** called processes running as child workflows (runtime-children.ts) */
  private readonly children: RuntimeChildren;
  /** open user tasks and their inbox rows (runtime-inbox.ts) */
  private readonly inboxPart: RuntimeInbox;
  get openTasks(): RuntimeInbox['openTasks'] {
    return this.inboxPart.openTasks;
  }
  readonly completedTasks: Set<string>;
  /** messages / signals received by id: a repeated delivery is ignored (delivered-once.ts) */
  readonly delivered: DeliveredOnce;
  readonly retriedIncidents = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private inboxWrites: Promise<unknown>[] = [];
  private initialCommands: EngineCommand[];
  ended?: Ended;
  /** what is written to the projections, and when (runtime-progress.ts) */
  readonly progress: RuntimeProgress;
  /** the dossier side (step guard, clock, receipt limit) of a dossier's run after DOSSIER_STEP_GUARD_PATCH */
  dossier?: DossierSteps;
  /** patches.has(ONE_WRITE_HANDOFF_PATCH), asked at the first inbox write or step guard (inboxWithProgress) */
  private oneWriteHandoff?: boolean;

  constructor(
    readonly input: RunProcessInput,
    /** the run's patches (run-patches.ts): one marker for the folded ones in new runs */
    readonly patches: RunPatches,
  ) {
    // replay safety: runs recorded before it let their local activities overlap (local-chain.ts)
    this.localChain = new LocalChain(patches.has(SERIAL_LOCAL_ACTIVITIES_PATCH));
    this.progress = new RuntimeProgress({
      input,
      patches,
      localChain: this.localChain,
      queue: () => this.inboxPart.queue,
      ended: () => this.ended,
      view: () => this.view(),
      agency: () => this.agency(),
      drainRecords: () => this.engine.drainRecords(),
      jobsRunning: () => this.jobs.size > 0,
    });
    this.jobRunner = new RuntimeJobs(input.graph, this.localChain, patches);
    this.timers = new RuntimeTimers({
      instanceId: input.instanceId,
      agency: () => this.agency(),
      fire: (timerId) => this.deliver({ kind: 'timerFired', timerId }),
      serialLocal: (call) => this.localChain.run(call),
      patched: (id) => patches.has(id),
    });
    // working time computed in the workflow from the calendar pinned at start (runs whose input carries one)
    if (input.calendar && patches.has(WORKFLOW_CALENDAR_PATCH)) this.timers.pinned = new PinnedCalendar(input.calendar);
    this.children = new RuntimeChildren(this);
    this.inboxPart = new RuntimeInbox({
      input,
      agency: () => this.agency(),
      due: (from, duration, calendar, elementId) => this.timers.due(from, duration, calendar, elementId),
      track: (p) => this.track(p),
      withProgress: () => this.inboxWithProgress(),
    });
    this.guarded = patches.has(POISON_INCIDENTS_PATCH);
    const options: EngineOptions = {
      now: () => new Date().toISOString(),
      newId: () => uuid4(),
      instanceId: input.instanceId,
      // behaviour changes of the engine, on for runs started after them (histories before replay unchanged)
      escalateToParent: !!input.parentInstanceId && patches.has(ESCALATE_TO_PARENT_PATCH),
      strictConditions: patches.has(C8_NULL_CONDITIONS_PATCH),
      limits: this.guarded,
      activityDefaultFlow: patches.has(ACTIVITY_DEFAULT_FLOW_PATCH),
      throwStarts: patches.has(THROW_STARTS_PATCH),
      activityQuantities: patches.has(ACTIVITY_QUANTITIES_PATCH),
    };
    // negative loop values are incidents (runs started after tthc-loop-value-incidents)
    options.loopValueIncidents = patches.has(LOOP_VALUE_INCIDENTS_PATCH);
    this.options = options;
    if (this.guarded) {
      this.guard = new PoisonGuard({
        input,
        options,
        incidents: this.adapterIncidents,
        progress: this.progress,
        engine: () => this.engine,
        setEngine: (engine) => {
          this.current = engine;
        },
        forcedCancel: (reason) => this.forcedCancel(reason),
      });
    }
    const resume = input.resumeState as ResumeState | undefined;
    if (resume) {
      this.current = ProcessEngine.restore(input.graph, resume.engine, options);
      this.initialCommands = [];
      this.completedTasks = new Set(resume.completedTasks);
      this.delivered = new DeliveredOnce(patches, resume.deliveredIds);
      this.inboxPart.restore(resume.openTasks);
      this.timers.restore(resume.timers, resume.workingTimers);
      for (const incident of resume.adapterIncidents ?? []) this.adapterIncidents.set(incident.id, incident);
    } else {
      const started = this.guard ? this.guard.start(input.variables ?? {}) : ProcessEngine.start(input.graph, input.variables ?? {}, options, { startEventId: input.startEventId });
      this.current = started.engine;
      this.initialCommands = started.commands;
      this.completedTasks = new Set();
      this.delivered = new DeliveredOnce(patches);
      this.progress.started();
    }
  }

  /**
   * carries out the commands of the start, once. Called by the main loop, or by the first
   * event if that comes first (signalWithStart: the message is delivered in the first
   * activation, when handlers are registered) — the start's commands always go first.
   */
  begin(): void {
    if (this.begun) return;
    this.begun = true;
    const commands = this.initialCommands;
    this.initialCommands = [];
    this.execute(commands);
  }
  private begun = false;

  /** feeds one event to the engine and carries out its commands — synchronous */
  dispatch(event: EngineEvent): DispatchResult {
    this.begin();
    if (this.ended) return { seq: this.progress.flushedSeq, inboxWrites: [] };
    this.inboxWrites = [];
    if (!this.guard) this.execute(this.engine.handle(event));
    else if (event.kind === 'retryIncident' && this.adapterIncidents.has(event.incidentId)) this.execute(this.guard.retry(event.incidentId, event.variables));
    else this.execute(this.guard.handle(event));
    return { seq: this.progress.advance(), inboxWrites: this.inboxWrites };
  }

  /**
   * an event from outside the run (message, signal, timer, cancel): dispatched, or — while a migration
   * waits for its continue-as-new (`held` set, MIGRATION_HOLDS_EVENTS_PATCH) — kept for the migrated run
   */
  deliver(event: HeldEvent): void {
    if (this.held) {
      this.held.push(event);
      return;
    }
    // a resubmission while the dossier's clock is paused resumes it (dueAt moves by the paused working time)
    if (event.kind === 'messageReceived') this.dossier?.onMessage(event.name, (p) => this.track(p));
    this.dispatch(event);
  }
  /** events held while a migration is pending (undefined: none pending, events go to the engine) */
  held?: HeldEvent[];

  /** the engine's view plus the adapter's incidents (getState, projection, retry validation) */
  view(): ReturnType<ProcessEngine['view']> {
    const view = this.engine.view();
    if (this.adapterIncidents.size === 0) return view;
    return { ...view, incidents: [...view.incidents, ...[...this.adapterIncidents.values()].map(({ id, elementId, message }) => ({ id, elementId, message }))] };
  }

  /**
   * Ends the run CANCELED without the engine (its cancel failed, or there is nothing started):
   * every job, timer and child is cancelled and every open inbox row closed — cancel always works.
   */
  private forcedCancel(reason?: string): EngineCommand[] {
    if (reason) log.error('cancel forced', { instanceId: this.input.instanceId, reason });
    this.adapterIncidents.clear();
    return [
      ...[...this.jobs.keys()].map((jobId): EngineCommand => ({ kind: 'cancelJob', jobId })),
      ...this.timers.ids().map((timerId): EngineCommand => ({ kind: 'cancelTimer', timerId })),
      ...this.children.ids().map((childId): EngineCommand => ({ kind: 'cancelChild', childId })),
      ...this.inboxPart.ids().map((taskId): EngineCommand => ({ kind: 'cancelUserTask', taskId })),
      { kind: 'ended', state: 'CANCELED', variables: this.engine.view().variables },
    ];
  }

  private execute(commands: EngineCommand[]): void {
    for (const command of commands) this.executeOne(command);
  }

  private executeOne(c: EngineCommand): void {
    switch (c.kind) {
      case 'startJob':
        return this.startJob(c);
      case 'cancelJob':
        this.jobs.get(c.jobId)?.cancel();
        this.jobs.delete(c.jobId);
        return;
      case 'openUserTask':
        this.progress.urgent = true;
        this.inboxWrites.push(this.inboxPart.open(c));
        return;
      case 'cancelUserTask':
        return this.inboxPart.cancel(c.taskId);
      case 'startTimer':
        this.progress.timerArmed = true;
        return this.timers.start(c);
      case 'cancelTimer':
        return this.timers.cancel(c.timerId);
      case 'startChild':
        return this.children.start(c);
      case 'cancelChild':
        return this.children.cancel(c.childId);
      case 'broadcastSignal':
        void this.track(
          inbox.broadcastSignal({
            name: c.name,
            variables: c.variables,
            fromInstanceId: this.input.instanceId,
            // throwStarts: also signal start events, once per throw, in the thrower's agency
            ...(c.elementInstanceId ? { throwId: `${this.input.instanceId}/${c.elementInstanceId}`, agency: this.agency(), fromProcessKey: this.input.processKey } : {}),
          }),
        );
        return;
      case 'incidentRaised':
        log.warn('incident raised', { instanceId: this.input.instanceId, elementId: c.elementId, message: c.message });
        this.progress.urgent = true;
        return;
      case 'incidentResolved':
        this.progress.urgent = true;
        return;
      case 'escalateToParent': {
        const parent = workflowInfo().parent;
        if (!parent || !this.input.parentChildId) return;
        void this.track(
          getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(CHILD_ESCALATED_SIGNAL, {
            childId: this.input.parentChildId,
            escalationCode: c.escalationCode,
          } satisfies ChildEscalatedArgs),
        );
        return;
      }
      case 'ended':
        this.ended = c;
        this.adapterIncidents.clear();
        return;
      default:
        return assertUnreachable(c);
    }
  }

  private startJob(c: Extract<EngineCommand, { kind: 'startJob' }>): void {
    const inline = c.publish ? undefined : this.jobRunner.inline(c);
    if (inline) return this.completeInline(c.jobId, inline);
    const scope = new CancellationScope();
    this.jobs.set(c.jobId, scope);
    const input = { instanceId: this.input.instanceId, elementId: c.elementId, taskType: c.taskType, variables: c.variables, headers: c.headers };
    const publish = c.publish;
    const run = publish
      ? // a message throw without a job type (throwStarts): published to other processes, idempotent per throw
        () =>
          serviceTasks(c.retries)
            .publishMessage({ ...publish, throwId: `${this.input.instanceId}/${c.elementInstanceId}`, fromInstanceId: this.input.instanceId, fromProcessKey: this.input.processKey, agency: this.agency() })
            .then((): Record<string, unknown> => ({}))
      : () => this.jobRunner.run(input, c.retries);
    scope.run(run).then(
      (variables) => {
        if (this.jobs.delete(c.jobId)) this.dispatch({ kind: 'jobCompleted', jobId: c.jobId, variables });
      },
      (err: unknown) => {
        if (!this.jobs.delete(c.jobId) || isCancellation(err)) return;
        const cause = err instanceof ActivityFailure ? err.cause : err;
        if (cause instanceof ApplicationFailure && cause.type === BPMN_ERROR_FAILURE) {
          const details = (cause.details?.[0] ?? {}) as BpmnErrorDetails;
          this.dispatch({ kind: 'jobBpmnError', jobId: c.jobId, errorCode: details.errorCode, message: details.message ?? cause.message, variables: details.variables });
        } else {
          this.dispatch({ kind: 'jobFailed', jobId: c.jobId, message: errorMessage(cause) });
        }
      },
    );
  }

  /**
   * A pure step computed in the workflow (runtime-jobs.ts): it completes after the commands of the event that
   * started it — as a job's completion would, only without the round trip. One microtask drains every pure
   * step completed meanwhile, in order, including the ones their own completions start (a straight-through
   * chain is one loop, not a promise per step: each promise costs a stack trace in the SDK's sandbox).
   */
  private completeInline(jobId: string, outcome: InlineOutcome): void {
    this.jobs.set(jobId, undefined);
    this.inlineDone.push({ jobId, outcome });
    if (this.inlineDone.length === 1 && !this.drainingInline) void Promise.resolve().then(() => this.drainInline());
  }

  private drainInline(): void {
    this.drainingInline = true;
    try {
      for (let next = this.inlineDone.shift(); next; next = this.inlineDone.shift()) {
        const { jobId, outcome } = next;
        if (!this.jobs.delete(jobId)) continue;
        if ('variables' in outcome) this.dispatch({ kind: 'jobCompleted', jobId, variables: outcome.variables });
        else this.dispatch({ kind: 'jobFailed', jobId, message: outcome.failure });
      }
    } finally {
      this.drainingInline = false;
    }
  }

  /** closes the inbox row of a completed task, after its creation if that is still running */
  closeCompletedTask(taskId: string, by: string, variables?: Record<string, unknown>): Promise<unknown> {
    return this.inboxPart.closeCompleted(taskId, by, variables);
  }

  /**
   * ONE_WRITE_HANDOFF_PATCH for this run, asked once (at its first inbox write or step guard): the inbox
   * rows go with the progress write (runtime-inbox.ts) and the step guard is a local activity
   */
  inboxWithProgress(): boolean {
    this.oneWriteHandoff ??= this.patches.has(ONE_WRITE_HANDOFF_PATCH);
    return this.oneWriteHandoff;
  }

  /**
   * ONE_WRITE_HANDOFF_PATCH runs: a completion accepted in this workflow task writes through local
   * activities. The run must not end or continue as new in that same task: if events arrive meanwhile
   * the server refuses the task (UnhandledCommand) and fails the not yet recorded update after its
   * writes were made. `answeredInThisTask()` tells the main loop to take one more task first.
   */
  acceptedLocally(): void {
    if (this.inboxWithProgress()) this.localAcceptTask = workflowInfo().historyLength;
  }
  private localAcceptTask?: number;

  /**
   * the same for an operator's update (retryIncident, modifyInstance), whose answer waits for a local progress write
   * (awaitProgress) — in runs after OPERATOR_UPDATE_NOT_LAST_TASK_PATCH (asked when such an update is accepted)
   */
  operatorUpdateAccepted(): void {
    if (this.patches.has(OPERATOR_UPDATE_NOT_LAST_TASK_PATCH)) this.localAcceptTask = workflowInfo().historyLength;
  }

  answeredInThisTask(): boolean {
    return this.localAcceptTask !== undefined && this.localAcceptTask === workflowInfo().historyLength;
  }

  /** a due date through the serial chain of due-date computations (runtime-timers.ts) */
  due(from: string, duration: string, calendar: 'working' | 'absolute', elementId: string): Promise<string | undefined> {
    return this.timers.due(from, duration, calendar, elementId);
  }

  pendingFireAt(timerId: string): string | undefined {
    return this.timers.pendingFireAt(timerId);
  }

  workingDue(spec: WorkingTimerSpec, calendarVersion?: string): Promise<string | undefined> {
    return this.timers.workingDue(spec, calendarVersion);
  }

  rearmTimer(timerId: string, fireAt: string): void {
    this.timers.rearm(timerId, fireAt);
  }

  repinCalendar(snapshot: CalendarSnapshot | undefined): void {
    const before = this.timers.pinned;
    this.timers.repin(snapshot);
    // a dossier's apology reminder keeps its working-time lead before the due date under the changed calendar
    this.dossier?.calendarChanged(before, this.timers.pinned);
  }

  /** the calendar the run computes working time from (continueAsNew carries it), if pinned */
  pinnedCalendar(): CalendarSnapshot | undefined {
    return this.timers.pinned?.snapshot;
  }

  timerViews(): PendingTimerView[] {
    return this.timers.views();
  }

  /** the parent side of CHILD_ESCALATED_SIGNAL */
  childEscalated(childId: string, escalationCode?: string): void {
    this.children.escalated(childId, escalationCode);
  }

  /**
   * keeps a side effect (inbox write…) so the run does not end or continue-as-new before it
   * finishes; a failure (only non-retryable ones get here) is logged, not left unhandled
   */
  track<T>(promise: Promise<T>): Promise<T> {
    const tracked = promise.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    tracked.catch((err: unknown) => log.error('side effect failed', { instanceId: this.input.instanceId, error: errorMessage(err) }));
    return tracked;
  }

  async settle(): Promise<void> {
    if (!this.oneWriteHandoff) {
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
      return;
    }
    // inbox writes wait for a progress write: the end's own writes (closes of cancelled tasks…) are flushed here
    const queue = this.inboxPart.queue;
    for (;;) {
      await condition(() => this.pending.size === 0 || queue.due());
      if (!queue.due()) return;
      await this.progress.flush();
    }
  }

  /**
   * nothing in flight that a continueAsNew would lose; `migrating`: a dossier's receipt limit waiting
   * for its known instant is carried to the migrated run (DossierSteps.migratable)
   */
  quiescent(migrating = false): boolean {
    if (this.jobs.size || this.children.size || this.pending.size || this.progress.seq !== this.progress.flushedSeq || !this.localChain.idle() || !this.inboxPart.queue.idle()) return false;
    if (this.dossier && !(migrating ? this.dossier.migratable() : this.dossier.quiescent())) return false;
    return this.timers.allComputed();
  }

  resumeState(): ResumeState {
    const { timers, workingTimers } = this.timers.snapshot();
    return {
      engine: this.engine.snapshot(),
      ...(this.adapterIncidents.size ? { adapterIncidents: [...this.adapterIncidents.values()] } : {}),
      timers,
      ...(Object.keys(workingTimers).length ? { workingTimers } : {}),
      openTasks: this.inboxPart.snapshot(),
      // bounded: enough to answer a repeated completion as `completed:false` for recent tasks
      completedTasks: [...this.completedTasks].slice(-1000),
      ...(this.delivered.snapshot() ? { deliveredIds: this.delivered.snapshot() } : {}),
      ...(this.dossier ? { dossier: this.dossier.resumeState() } : {}),
    };
  }

  agency(): string | undefined {
    return this.input.agency ?? this.input.graph.tthc?.agency;
  }
}

function assertUnreachable(x: never): never {
  throw new Error(`unhandled engine command: ${JSON.stringify(x)}`);
}

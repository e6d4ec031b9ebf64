/**
 * The public protocol of the pure interpreter. The Temporal workflow (apps/worker)
 * is a thin adapter: it feeds EngineEvents in and carries out EngineCommands.
 * Everything here is JSON-serialisable; the engine does no I/O and never reads a clock
 * or a random source except through EngineOptions (the workflow passes Temporal's
 * deterministic ones).
 */
import type { ElementRecord, ExecutableGraph, ModificationInstruction, ProcessStateView } from '@tthc/contracts';

export interface EngineOptions {
  /** current instant as ISO string (workflow: new Date().toISOString() inside the sandbox) */
  now(): string;
  /** unique id (workflow: uuid4() from @temporalio/workflow) */
  newId(): string;
  instanceId: string;
  /**
   * Set when this instance runs as the child of a call activity: an escalation that no
   * catch event of this instance takes is reported with an `escalateToParent` command
   * (the adapter turns it into a `childEscalated` event of the parent). Default false,
   * so histories recorded before this option replay unchanged.
   */
  escalateToParent?: boolean;
  /**
   * Camunda 8 condition semantics: a sequence-flow or completion condition whose result is
   * not a boolean (e.g. null from a missing variable) raises an incident instead of counting
   * as false. Off by default so histories recorded before it replay unchanged; the workflow
   * turns it on with `patched('c8-null-conditions')`.
   */
  strictConditions?: boolean;
  /**
   * Deterministic work limits, so that a bad expression or data set becomes an incident
   * instead of a workflow task that fails (or times out) on every attempt: FEEL evaluation
   * budget and result size (feel-limits.ts), at most MAX_MULTI_INSTANCES inner instances.
   * Off by default so histories recorded before them replay unchanged; the workflow turns
   * them on with `patched('tthc-poison-incidents')`.
   */
  limits?: boolean;
  /**
   * A negative or non-integer `loopMaximum`, and a negative `loopCardinality`, are incidents with a
   * message saying what to fix (before: a negative loopMaximum ran the body once, a negative
   * cardinality was an incident with a terser message). The workflow turns it on with
   * `patched('tthc-loop-value-incidents')`.
   */
  loopValueIncidents?: boolean;
  /**
   * BPMN 2.0.2 §13.2.1 for the outgoing flows of an ACTIVITY (not a gateway): flows without a
   * condition are always taken, each conditional flow whose condition is true is taken, and
   * the default flow is taken when no conditional flow is true — also when unconditional
   * flows are taken (before: the default only when nothing else was taken). Off by default so
   * histories recorded before it replay unchanged; the workflow turns it on with
   * `patched('tthc-activity-default-flow')`.
   */
  activityDefaultFlow?: boolean;
  /**
   * BPMN 2.0.2 §10.5.2/§13.5.2 across processes: a message throw (intermediate throw event, end
   * event, send task) without a job type of its own is published by the adapter — `startJob` carries
   * `publish` and completes like a job — so it starts processes with that message start event and
   * reaches waiting catch events of other instances; a signal throw's `broadcastSignal` carries the
   * throwing element instance (the adapter's idempotency key) so it can also start processes with a
   * signal start event. Off by default so histories recorded before it replay unchanged; the workflow
   * turns it on with `patched('tthc-throw-starts')`.
   */
  throwStarts?: boolean;
  /**
   * BPMN 2.0.2 §13.3.1 activity quantities: an activity with `startQuantity` n > 1 starts once n tokens
   * have arrived (they wait at the activity; tokens left when nothing else in the scope can bring more are
   * dropped when the scope completes), and `completionQuantity` m > 1 puts m tokens on each outgoing flow.
   * Off by default (both ignored) so histories recorded before it replay unchanged; the workflow turns it
   * on with `patched('tthc-activity-quantities')`.
   */
  activityQuantities?: boolean;
}

export type TimerSpec =
  | { type: 'date'; value: string }
  | { type: 'duration'; value: string }
  | { type: 'cycle'; value: string };

export type EngineCommand =
  /** service task, send task, message/signal-throw implemented as a job, business rule… → an activity */
  | {
      kind: 'startJob'; jobId: string; elementId: string; elementInstanceId: string; taskType: string; variables: Record<string, unknown>; headers?: Record<string, string>; retries?: number;
      /**
       * (EngineOptions.throwStarts) a message throw without a job type of its own: the adapter publishes this
       * message to other processes (message start events, waiting catch events) instead of running a job worker,
       * then reports jobCompleted / jobFailed as for a job. `variables` here is the payload: the throw's local
       * variables (its input mappings); `correlationKey` is the message's key evaluated in the thrower.
       */
      publish?: { name: string; correlationKey?: string; variables: Record<string, unknown> };
    }
  | { kind: 'cancelJob'; jobId: string }
  /** user task → inbox row; completion comes back as a userTaskCompleted event */
  | { kind: 'openUserTask'; taskId: string; elementId: string; elementInstanceId: string; name?: string; step?: string; formKey?: string; assignee?: string; candidateGroups?: string[]; due?: string; dueCalendar?: 'working' | 'absolute'; variables: Record<string, unknown> }
  | { kind: 'cancelUserTask'; taskId: string }
  /** timer; for calendar 'working' the adapter computes the instant through the calendar port (activity) */
  | {
      kind: 'startTimer'; timerId: string; elementId: string; elementInstanceId: string; timer: TimerSpec; calendar: 'working' | 'absolute'; startedAt: string;
      /**
       * cycles only: 0 for the first arming, n for the re-arming after the n-th firing. The engine re-arms a
       * cycle itself (new timerId each time); the adapter waits one period of the cycle from `startedAt`
       * (for `R/<start>/<period>` the first firing is at <start>).
       */
      repetition?: number;
    }
  | { kind: 'cancelTimer'; timerId: string }
  /** call activity → child workflow */
  | { kind: 'startChild'; childId: string; elementId: string; elementInstanceId: string; processKey: string; version?: number; variables: Record<string, unknown>; businessKey?: string }
  | { kind: 'cancelChild'; childId: string }
  /** signal throw event → broadcast to OTHER instances (through an activity / the API); the engine has already delivered it to its own subscriptions */
  | {
      kind: 'broadcastSignal'; name: string; variables: Record<string, unknown>;
      /** (EngineOptions.throwStarts) the throwing element instance: with the instance id, the key that makes a retried broadcast start each process once */
      elementInstanceId?: string;
    }
  /** a job failed without retries left, or an expression failed: the token waits for an operator */
  | { kind: 'incidentRaised'; incidentId: string; elementId: string; message: string }
  | { kind: 'incidentResolved'; incidentId: string }
  /** an escalation nobody caught in this instance (only with EngineOptions.escalateToParent): the parent's call activity gets it as `childEscalated`; this instance goes on */
  | { kind: 'escalateToParent'; elementId: string; escalationCode?: string }
  /** the instance ended */
  | { kind: 'ended'; state: 'COMPLETED' | 'TERMINATED' | 'FAILED' | 'CANCELED'; variables: Record<string, unknown> };

export type EngineEvent =
  | { kind: 'jobCompleted'; jobId: string; variables?: Record<string, unknown> }
  /** BPMN error thrown by a job worker (caught by error boundary events) */
  | { kind: 'jobBpmnError'; jobId: string; errorCode: string; message?: string; variables?: Record<string, unknown> }
  /** technical failure after the adapter's retries → incident */
  | { kind: 'jobFailed'; jobId: string; message: string }
  | { kind: 'userTaskCompleted'; taskId: string; variables?: Record<string, unknown>; by?: string }
  | { kind: 'timerFired'; timerId: string }
  | { kind: 'messageReceived'; name: string; correlationKey?: string; variables?: Record<string, unknown> }
  | { kind: 'signalReceived'; name: string; variables?: Record<string, unknown> }
  | { kind: 'childCompleted'; childId: string; variables?: Record<string, unknown> }
  /** errorCode set: the child ended with an uncaught BPMN error, thrown again at the call activity */
  | { kind: 'childFailed'; childId: string; message: string; errorCode?: string }
  /** the child of a call activity threw an escalation it did not catch (its `escalateToParent` command); the child keeps running unless an interrupting catch event cancels it */
  | { kind: 'childEscalated'; childId: string; escalationCode?: string }
  | { kind: 'retryIncident'; incidentId: string; variables?: Record<string, unknown> }
  /** token modification by an operator (modification.ts); checked first with engine.checkModification */
  | { kind: 'modify'; instructions: ModificationInstruction[] }
  | { kind: 'cancel' };

/** returned by validateUserTaskCompletion */
export type CompletionCheck = { ok: true } | { ok: false; code: 'UNKNOWN_TASK' | 'ALREADY_COMPLETED' | 'INVALID_VARIABLES'; message: string };

/**
 * What the interpreter class exposes (implemented in this library):
 *
 *   const { engine, commands } = ProcessEngine.start(graph, variables, options, { startEventId?, messageName? });
 *   const commands = engine.handle(event);               // synchronous; throws EngineError on misuse
 *   engine.validateUserTaskCompletion(taskId, vars)      // for the Temporal update validator
 *   engine.view(): ProcessStateView                      // getState query
 *   engine.drainRecords(): ElementRecord[]               // element instances started/ended since last drain
 *   engine.snapshot(): EngineSnapshot                    // JSON, for continueAsNew
 *   ProcessEngine.restore(graph, snapshot, options)
 *   engine.ended: boolean
 *   engine.subscriptions()                               // open message / signal subscriptions (routing)
 *
 * Semantics, graph format and what is unsupported: docs/engine.md.
 */
export interface EngineContract {
  handle(event: EngineEvent): EngineCommand[];
  validateUserTaskCompletion(taskId: string, variables?: Record<string, unknown>): CompletionCheck;
  view(): ProcessStateView;
  drainRecords(): ElementRecord[];
  snapshot(): unknown;
  readonly ended: boolean;
}
export type { ExecutableGraph };

/**
 * Activities the `runProcess` workflow calls. The workflow imports this interface
 * as a type only (`proxyActivities<ProcessActivities>`); apps/worker implements it
 * with a `createActivities(deps)` factory over the database and the calendar.
 */
import type { FlagLateReceiptInput, GuardStepInput, GuardStepResult, RaiseApologyDueInput, RaiseApologyDueResult, ResumeDossierClockInput, ResumeDossierClockResult } from './dossier-steps';
import type { ExecutableGraph } from './graph';
import type { ElementRecord, InstanceState } from './workflow';

export interface CreateUserTaskInput {
  taskId: string;
  instanceId: string;
  processKey: string;
  version: number;
  businessKey?: string;
  elementId: string;
  elementInstanceId: string;
  name?: string;
  step?: string;
  formKey?: string;
  assignee?: string;
  candidateGroups?: string[];
  /** agency that owns the process (tthc:agency); tasks are visible only inside it */
  agency?: string;
  /** ISO instant computed by the workflow (via computeDue) or absent */
  dueAt?: string;
  variables: Record<string, unknown>;
  createdAt: string;
  /** the dossier the instance runs (tasks of a dossier are found by it) */
  dossierId?: string;
}

export interface CloseUserTaskInput {
  taskId: string;
  state: 'COMPLETED' | 'CANCELED';
  by?: string;
  at: string;
  /** COMPLETED: the variables the completion submitted (recorded in its audit entry) */
  variables?: Record<string, unknown>;
}

export interface ServiceTaskInput {
  instanceId: string;
  elementId: string;
  taskType: string;
  variables: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** runLocalServiceTask: a job tried as a local activity first (docs/worker.md, "Cheap steps") */
export interface LocalServiceTaskInput extends ServiceTaskInput {
  /** `tthc:execution="local"` on the element: run the handler here even if the registry marks the type as durable */
  forceLocal?: boolean;
}

/** the handler's variables, or `handoff`: the registry marks the type as durable work → the workflow schedules runServiceTask */
export type LocalServiceTaskResult = { variables: Record<string, unknown> } | { handoff: true };

/**
 * runLocalServiceTasks (a batch: the local steps one event started, e.g. the branches of a parallel split):
 * per job, the LocalServiceTaskResult, the handler's failure (the workflow turns it into the same job
 * failure / BPMN error / retry as the single activity), or `alone` (the batch's results reached the
 * payload budget: run this one again on its own).
 */
export type LocalServiceTaskOutcome =
  | LocalServiceTaskResult
  | { failure: { type?: string; message: string; nonRetryable: boolean; details?: unknown[] } }
  | { alone: true };

/**
 * Inbox writes carried by a progress write (runs after `tthc-one-write-handoff`): the rows of the tasks
 * opened and the closes of the tasks completed or cancelled since the last write, in the progress's one
 * transaction — a completion's hand-off (close + audit, next task, element history, projection) is
 * all-or-nothing. Idempotent by task id, like createUserTask / closeUserTask.
 */
export interface InboxWrites {
  open?: CreateUserTaskInput[];
  close?: CloseUserTaskInput[];
}

export interface ProgressInput {
  instanceId: string;
  /** inbox writes in the same transaction (InboxWrites); absent in runs before `tthc-one-write-handoff` */
  inbox?: InboxWrites;
  /** instance id of the parent (call activity) */
  parentInstanceId?: string;
  /** open incidents (service task failed after its retries) */
  incidents?: Array<{ id: string; elementId: string; message: string }>;
  state: InstanceState;
  activeElements: Record<string, number>;
  variables: Record<string, unknown>;
  /** element records that started or ended since the last call (upsert by elementInstanceId) */
  elements: ElementRecord[];
  at: string;
  /**
   * Identity of the instance, used when the projection row does not exist yet
   * (instances started outside the API: message start, call activity). Optional.
   */
  processKey?: string;
  version?: number;
  definitionId?: string;
  businessKey?: string;
  workflowId?: string;
  agency?: string;
}

export interface ComputeDueInput {
  from: string;
  /** ISO 8601 duration */
  duration: string;
  calendar: 'working' | 'absolute';
  agency?: string;
  cutoff?: string;
  /**
   * the calendar tables' fingerprint the caller knows of (calendarChanged): a worker whose cached
   * calendar is another version reads the tables again instead of waiting for its next check
   */
  calendarVersion?: string;
}

export interface LoadDefinitionInput {
  processKey: string;
  /** default: the latest deployed version */
  version?: number;
}

export interface LoadedDefinition {
  definitionId: string;
  hash: string;
  version: number;
  graph: ExecutableGraph;
}

export interface BroadcastSignalInput {
  name: string;
  variables: Record<string, unknown>;
  /** the throwing instance (it receives its own signal through the engine, not again) */
  fromInstanceId: string;
  /**
   * Runs after the `tthc-throw-starts` patch: the throw's unique id (instance id / element instance id).
   * With it the activity also starts every process with a signal start event of that name, each once
   * (a deterministic instance id per throw and process), and reaches only instances and processes of
   * `agency` and agency-less ones. Without it (older runs): every running instance, no start.
   */
  throwId?: string;
  /** agency of the throwing instance (undefined: agency-less — it reaches agency-less processes only) */
  agency?: string;
  /** process key of the thrower: its own process is not started by its own throw (no runaway chain) */
  fromProcessKey?: string;
}

/** a message thrown by a process (EngineOptions.throwStarts): delivered to other processes */
export interface PublishMessageInput {
  name: string;
  correlationKey?: string;
  variables: Record<string, unknown>;
  /** the throw's unique id (instance id / element instance id): a retry starts nothing twice */
  throwId: string;
  fromInstanceId: string;
  fromProcessKey: string;
  /** agency of the throwing instance (undefined: agency-less — it reaches agency-less processes only) */
  agency?: string;
}

/** what a thrown message or signal reached */
export interface ThrowResult {
  /** running instances it was delivered to */
  offered: number;
  /** instances started by a message / signal start event (ids) */
  started: string[];
}

export interface ProcessActivities {
  /** call activity: the graph of the called process (pinned into the child's input) */
  loadDefinition(input: LoadDefinitionInput): Promise<LoadedDefinition>;
  /** signal throw: deliver `deliverSignal` to the other running instances */
  broadcastSignal(input: BroadcastSignalInput): Promise<number>;
  /** message throw (intermediate throw, end event, send task without a job type): message starts and waiting catches of other instances */
  publishMessage(input: PublishMessageInput): Promise<ThrowResult>;
  createUserTask(input: CreateUserTaskInput): Promise<void>;
  closeUserTask(input: CloseUserTaskInput): Promise<void>;
  runServiceTask(input: ServiceTaskInput): Promise<Record<string, unknown>>;
  /** local activity: runs a cheap (registry flag `local`) handler in the worker, or answers `handoff` for durable work */
  runLocalServiceTask(input: LocalServiceTaskInput): Promise<LocalServiceTaskResult>;
  /** local activity: the local steps started together, run concurrently in the worker, one outcome each (same order) */
  runLocalServiceTasks(inputs: LocalServiceTaskInput[]): Promise<LocalServiceTaskOutcome[]>;
  recordProgress(input: ProgressInput): Promise<void>;
  computeDue(input: ComputeDueInput): Promise<string>;
  /** the step guard (architecture.md §3.1): checks and performs a dossier step, one transaction, idempotent by task id; refuses with STEP_REFUSED */
  guardStep(input: GuardStepInput): Promise<GuardStepResult>;
  /** supplement resubmission: resumes the dossier's paused clock (due moves by the paused working time) */
  resumeDossierClock(input: ResumeDossierClockInput): Promise<ResumeDossierClockResult>;
  /** the 8-working-hour receipt limit of an online dossier passed: flags it late when still not received */
  flagLateReceipt(input: FlagLateReceiptInput): Promise<boolean>;
  /** the engine's apology timer (due − 1 working day) fired: `apology.due` + the flag when the dossier is still not finished */
  raiseApologyDue(input: RaiseApologyDueInput): Promise<RaiseApologyDueResult>;
}

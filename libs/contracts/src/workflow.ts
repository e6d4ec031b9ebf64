/**
 * Names shared by the Temporal worker (the `runProcess` workflow), the API and tests.
 * One definition each; workflow code imports these as plain constants/types.
 */
import type { CalendarSnapshot } from '@tthc/calendar';
import type { ExecutableGraph } from './graph';

export const TASK_QUEUE_DEFAULT = 'tthc-process';
export const RUN_PROCESS_WORKFLOW = 'runProcess';

export interface RunProcessInput {
  /** process definition row id and the sha-256 of its compiled graph: the pinned version */
  definitionId: string;
  definitionHash: string;
  processKey: string;
  version: number;
  /** process instance id (also in the workflow id) */
  instanceId: string;
  businessKey?: string;
  variables: Record<string, unknown>;
  graph: ExecutableGraph;
  /** interpreter state carried across continueAsNew */
  resumeState?: unknown;
  /** start event to start from (message/timer start); default: the none start event */
  startEventId?: string;
  /** instance id of the parent (call activity) */
  parentInstanceId?: string;
  /** the parent engine's childId for this call (sent back with CHILD_ESCALATED_SIGNAL) */
  parentChildId?: string;
  /** agency owning the instance (tasks are visible inside it); default graph.tthc.agency */
  agency?: string;
  /** user who started the instance */
  startedBy?: string;
  /** the dossier this instance runs (workflow id `dossier/<dossierId>`); absent for a plain process instance */
  dossierId?: string;
  /** continueAsNew once the history has more events than this (default 10,000, or the server's suggestion) */
  historyLimit?: number;
  /**
   * the working calendar pinned at start for the instance's agency (like the graph): working-time
   * timers and due dates are computed in the workflow from it, without an activity. Absent (runs
   * started before it, graphs without working time): the computeDue activity.
   */
  calendar?: CalendarSnapshot;
}

/** what runProcess returns */
export interface RunProcessResult {
  instanceId: string;
  state: Exclude<InstanceState, 'ACTIVE'>;
  variables: Record<string, unknown>;
}

/** update: retry an incident (after fixing variables); validated: the incident must be open */
export const RETRY_INCIDENT_UPDATE = 'retryIncident';
export interface RetryIncidentArgs {
  incidentId: string;
  variables?: Record<string, unknown>;
  by?: string;
}
export interface RetryIncidentResult {
  incidentId: string;
  /** false when the incident had already been retried/resolved */
  retried: boolean;
}

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'FAILED' | 'CANCELED';

/** update: complete a user task; validated in the workflow; idempotent per taskId */
export const COMPLETE_TASK_UPDATE = 'completeTask';
export interface CompleteTaskArgs {
  taskId: string;
  variables?: Record<string, unknown>;
  /** user id of the officer completing */
  by: string;
}
export interface CompleteTaskResult {
  taskId: string;
  /** true when this call completed the task; false when it had already been completed */
  completed: boolean;
}

/** signal: deliver a BPMN message */
export const DELIVER_MESSAGE_SIGNAL = 'deliverMessage';
export interface DeliverMessageArgs {
  name: string;
  correlationKey?: string;
  variables?: Record<string, unknown>;
  /** a run receives a message once per id (a repeated delivery, e.g. a retried throw, is ignored) */
  messageId?: string;
}

/** signal: broadcast BPMN signal */
export const DELIVER_SIGNAL_SIGNAL = 'deliverSignal';
export interface DeliverSignalArgs {
  name: string;
  variables?: Record<string, unknown>;
  /** a run receives a signal once per id (a thrown signal: the throw's id, stable across retries) */
  signalId?: string;
}

/** signal (child → parent): an escalation the child did not catch reaches the call activity */
export const CHILD_ESCALATED_SIGNAL = 'childEscalated';
export interface ChildEscalatedArgs {
  childId: string;
  escalationCode?: string;
}

/** signal: cancel the instance (BPMN-wise: terminate everything, state CANCELED) */
export const CANCEL_SIGNAL = 'cancel';

/** query: the interpreter state for people (diagram overlays, API) */
export const GET_STATE_QUERY = 'getState';
export interface ProcessStateView {
  instanceId: string;
  state: InstanceState;
  /** element id → number of active tokens/element instances */
  activeElements: Record<string, number>;
  variables: Record<string, unknown>;
  incidents: Array<{ id: string; elementId: string; message: string }>;
}

/** one element instance in the instance history */
export interface ElementRecord {
  elementInstanceId: string;
  elementId: string;
  elementType: string;
  name?: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'FAILED';
  startedAt: string;
  endedAt?: string;
  by?: string;
}

/**
 * signal: the working calendar changed (admin recompute, `POST /calendar/recompute`). The instance
 * recomputes the instants of its pending working-time timers (`tthc:calendar="working"`) through
 * the computeDue activity and re-arms those that moved. Inbox due dates are rewritten by the sender.
 */
export const CALENDAR_CHANGED_SIGNAL = 'calendarChanged';
export interface CalendarChangedArgs {
  /** who asked, for the log */
  by?: string;
  /** fingerprint of the calendar tables after the change (the workers' calendar caches catch up to it) */
  calendarVersion?: string;
  /** the changed calendar for the instance's agency: re-pinned by a run that computes working time itself */
  calendar?: CalendarSnapshot;
}

/**
 * query: where the workflow stands with one user task — `completed` (a completion was
 * applied; the worker closes the inbox row), `open` (it waits for a completion), `unknown`
 * (not open: cancelled, or not a task of this instance). The API's completion sweeper uses
 * it to reconcile a task left COMPLETING by a process that died mid-request.
 */
export const GET_TASK_STATUS_QUERY = 'getTaskStatus';
export type TaskStatusInWorkflow = 'completed' | 'open' | 'unknown';

/** query: the instance's pending timers and the instant each fires (operators, tests) */
export const GET_TIMERS_QUERY = 'getTimers';
export interface PendingTimerView {
  timerId: string;
  /** BPMN element of the timer event, when known (not for timers carried over by continueAsNew of older runs) */
  elementId?: string;
  /** ISO instant; absent while it is being computed */
  fireAt?: string;
  calendar?: 'working' | 'absolute';
}

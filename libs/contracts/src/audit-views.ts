/**
 * The auditor's read models (issue 13): the replay of a dossier's history built from its
 * Temporal history (replayed in a worker with the worker's own workflow code), the timeline
 * of hand-overs (the electronic Phiếu kiểm soát), and the alerts raised by the replay of
 * running dossiers after a worker upgrade. docs/audit.md.
 */
import type { DossierEventView } from './dossiers';
import type { ReplayDivergence } from './replay';
import type { ElementRecord, InstanceState } from './workflow';

/** workflow type of the trace replay (exported by the worker's workflow bundle) */
export const REPLAY_TRACE_WORKFLOW = 'replayTrace';

export interface ReplayTraceInput {
  /** `dossier/<id>` or `pi/<id>` */
  workflowId: string;
}

/** One event of the Temporal history, summarised for the slider (workflow-task bookkeeping left out). */
export interface HistoryEventSummary {
  /** Temporal event id (1, 2, 3…) */
  id: number;
  /** event type without the EVENT_TYPE_ prefix, e.g. ACTIVITY_TASK_SCHEDULED */
  type: string;
  /** ISO instant the server recorded the event */
  at: string;
  /** activity type, timer id, update/signal name… */
  label?: string;
}

/**
 * The interpreter's state as the workflow computed it during the replay, each time it recorded
 * its progress (after every burst of events): what the projection was told at that moment.
 */
export interface ReplaySnapshot {
  /** the history length when the workflow task that computed it started: valid from this event on */
  eventId: number;
  /** workflow time of that task */
  at: string;
  state: InstanceState;
  /** elementId → number of tokens waiting there */
  tokens: Record<string, number>;
  variables: Record<string, unknown>;
  incidents: Array<{ id: string; elementId: string; message: string }>;
  /** element instances that started or ended since the previous snapshot */
  elements: ElementRecord[];
}

/** A user task opened or closed during the replay (what the inbox was told). */
export interface ReplayTaskEvent {
  eventId: number;
  at: string;
  kind: 'opened' | 'closed';
  taskId: string;
  elementId?: string;
  name?: string;
  step?: string;
  dueAt?: string;
  state?: 'COMPLETED' | 'CANCELED';
  by?: string;
}

/** The result of replaying one workflow's history with the trace interceptor. */
export interface ReplayTrace {
  workflowId: string;
  runId?: string;
  /** the replay with the worker's code made exactly the recorded commands */
  deterministic: boolean;
  divergence: ReplayDivergence | null;
  events: HistoryEventSummary[];
  /** every event of the history, workflow-task bookkeeping included */
  totalEvents: number;
  snapshots: ReplaySnapshot[];
  tasks: ReplayTaskEvent[];
}

export interface ReplayTraceActivities {
  traceHistory(input: ReplayTraceInput): Promise<ReplayTrace>;
}

/** A document of the dossier as the replay and the timeline show it. */
export interface AuditDocumentView {
  id: string;
  name: string;
  kind: string;
  form: string | null;
  resultCode: string | null;
  sha256: string;
  /** 1 for the first upload; a signed copy is a new version of the same document */
  version: number;
  /** false: a newer version replaced it */
  current: boolean;
  uploadedAt: string;
  uploadedBy: string;
  /** null: not a signed document / never verified */
  signatures: { count: number; valid: boolean } | null;
}

/** `GET /audit/dossiers/:ref/replay` */
export interface DossierReplayView {
  dossier: { id: string; code: string | null; procedureCode: string; agency: string; status: number; workflowId: string };
  /** the exact process version the dossier runs */
  definition: { id: string; processKey: string; version: number; xml: string } | null;
  trace: ReplayTrace;
  dossierEvents: DossierEventView[];
  documents: AuditDocumentView[];
}

export type HandOverResult = 'early' | 'on-time' | 'late';

/** One hand-over of the electronic Phiếu kiểm soát (domain.md §5). */
export interface HandOverView {
  /** 1, 2, 3… */
  seq: number;
  /** agency name and unit name of the giver */
  agency: string;
  unit: string | null;
  givenAt: string;
  /** when the receiver took it: the next task claimed (or opened), the result returned; null while nobody did */
  receivedAt: string | null;
  giver: string;
  receiver: string;
  /** the step handed over (`submit` for the applicant's submission) */
  step: string | null;
  stepName: string | null;
  /** the step's due date (the task's, else the dossier's appointment; the 8-working-hour receipt limit for an online submission) */
  dueAt: string | null;
  /** early / on time / late in working time, as the engine judged it when the step completed */
  result: HandOverResult | null;
  note: string | null;
  /** documents produced in the step (uploaded or generated since the previous hand-over) */
  documents: AuditDocumentView[];
}

/** `GET /audit/dossiers/:ref/timeline` */
export interface DossierTimelineView {
  dossier: { id: string; code: string | null; procedureCode: string; agency: string; status: number; applicantName: string; dueAt: string | null };
  rows: HandOverView[];
}

/** A replay of running dossiers after a worker upgrade found one its code cannot continue. */
export interface ReplayAlertView {
  /** audit entry seq */
  seq: number;
  at: string;
  workflowId: string;
  dossierId: string | null;
  buildId: string;
  divergence: ReplayDivergence;
}

/** audit actions of the replay after a worker upgrade (written by the worker) */
export const UPGRADE_REPLAY_ACTION = 'worker.replay-sample';
export const REPLAY_DIVERGENCE_ACTION = 'replay.divergence';

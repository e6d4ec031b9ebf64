/**
 * The inbox as the API and the web app name it (GET /api/v1/tasks). Pure data.
 */
import type { DossierStatus } from './dossiers';

/** The inbox views: assigned to me, offered to my units, nobody claimed it, due within one working day, overdue. */
export const INBOX_VIEWS = ['me', 'group', 'unassigned', 'soon', 'overdue'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/** `GET /tasks/counts`: tasks per view, each counted up to `cap` (the UI shows "cap+" at the cap). */
export interface InboxCounts {
  counts: Record<InboxView, number>;
  cap: number;
}

/** What the inbox row shows of the task's dossier. */
export interface TaskDossierSummary {
  id: string;
  code: string | null;
  procedureCode: string;
  procedureName: string | null;
  applicantName: string;
  status: DossierStatus;
  statusLabel: string;
  /** the dossier's appointment date (NgayHenTra) */
  dueAt: string | null;
}

/** A task of the inbox (GET /tasks, GET /tasks/:id). */
export interface TaskView {
  id: string;
  instanceId: string;
  processKey: string;
  version: number;
  businessKey: string | null;
  elementId: string;
  name: string | null;
  step: string | null;
  formKey: string | null;
  assignee: string | null;
  candidateGroups: string[];
  agency: string | null;
  state: 'OPEN' | 'COMPLETING' | 'COMPLETED' | 'CANCELED';
  dueAt: string | null;
  overdue: boolean;
  /**
   * Working time left until `dueAt` in the agency's working calendar, in ms, at the time of
   * the answer (negative: overdue by that much working time); null without a due date.
   */
  workingMsLeft: number | null;
  createdAt: string;
  claimedAt: string | null;
  completedAt: string | null;
  completedBy: string | null;
  variables: Record<string, unknown>;
  /** null for a task of a plain process instance */
  dossier: TaskDossierSummary | null;
}

/**
 * The inbox's filter (query of `GET /tasks` and `GET /tasks/counts`, and what a saved filter
 * keeps): view, national procedure code, dossier code prefix, applicant (ID number or part
 * of the name), national dossier statuses, due range of the task `[dueFrom, dueTo)` (ISO 8601).
 */
export interface InboxFilter {
  view?: InboxView;
  procedure?: string;
  code?: string;
  applicant?: string;
  status?: DossierStatus[];
  dueFrom?: string;
  dueTo?: string;
}

/** A saved inbox filter (`/task-filters`): private, or shared with one unit of its owner's agency. */
export interface SavedFilterView {
  id: string;
  name: string;
  owner: string;
  agency: string | null;
  /** unit code it is shared with; null: private to its owner */
  sharedWithUnit: string | null;
  filter: InboxFilter;
  /** the caller owns it (may change or delete it) */
  mine: boolean;
  createdAt: string;
  updatedAt: string;
}

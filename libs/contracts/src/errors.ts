/**
 * Error codes shared by the API, CLI and web app. Every HTTP error body is
 * `{ error: { code, message, details? } }`.
 */
export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  BPMN_INVALID: 'BPMN_INVALID',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TASK_ALREADY_COMPLETED: 'TASK_ALREADY_COMPLETED',
  /** 409: a completion of the task is in flight (or was cut off and is being reconciled) */
  TASK_COMPLETING: 'TASK_COMPLETING',
  TASK_NOT_CLAIMED: 'TASK_NOT_CLAIMED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  ENGINE_UNAVAILABLE: 'ENGINE_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
  /** 429: too many failed logins for one username (the API's login throttle) */
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  /** 404: POST /messages with a name that no deployed process catches or starts on (a typo, usually) */
  MESSAGE_NOT_CORRELATED: 'MESSAGE_NOT_CORRELATED',
  /** 422: a Temporal history given for replay is not one (not proto JSON, truncated, spliced) */
  HISTORY_INVALID: 'HISTORY_INVALID',
  /** 403: an analyst deploys a process of another agency (or one shared by every agency) */
  AGENCY_MISMATCH: 'AGENCY_MISMATCH',
  /** 409: a deployment would move an existing process key to another agency */
  PROCESS_AGENCY_CHANGED: 'PROCESS_AGENCY_CHANGED',
  /** 503: the database refuses writes (read-only file system, read-only replica, disk full) */
  DATABASE_READ_ONLY: 'DATABASE_READ_ONLY',
  /** 422: a form-js schema of a deployment is not one (no string `id`, no `components` array, duplicate id) */
  FORM_INVALID: 'FORM_INVALID',
  /** 404: the task has no form-js form (no `tthc:formKey`, or its form was not deployed with the version) */
  FORM_NOT_FOUND: 'FORM_NOT_FOUND',
  /** 403: reassigning a task needs the unit-lead role for a unit the task is offered to */
  NOT_UNIT_LEAD: 'NOT_UNIT_LEAD',
  /** 422: the new assignee is not an active officer of the task's unit (and agency) */
  REASSIGN_OUTSIDE_UNIT: 'REASSIGN_OUTSIDE_UNIT',
  /** 503: the database cannot be reached (down, restarting, in crash recovery, out of connections) */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** 409: a draft save started from a revision another analyst has already replaced */
  DRAFT_CONFLICT: 'DRAFT_CONFLICT',
  /** 409: the instance's migration is answered and not carried out yet (a completion, retry, modification or migration meanwhile): retry in a moment */
  MIGRATION_PENDING: 'MIGRATION_PENDING',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown };
}

/**
 * Operating running instances (Camunda Operate's operations): migration to another version of
 * the same process, token modification, and the incident list. Shared by the engine (the pure
 * translation and modification), the worker (the updates), the API, the CLI and the web app.
 */
import type { ExecutableGraph } from './graph';

/** update: migrate the running instance to another version (continue-as-new with the new pinned graph) */
export const MIGRATE_INSTANCE_UPDATE = 'migrateInstance';
export interface MigrateInstanceArgs {
  definitionId: string;
  definitionHash: string;
  processKey: string;
  version: number;
  graph: ExecutableGraph;
  /** source element id → target element id; an active element whose id exists in the target with the same type maps to itself */
  mapping: Record<string, string>;
  by: string;
}
export interface MigrateInstanceResult {
  fromVersion: number;
  toVersion: number;
  /** the active elements (and waiting events) and where they went */
  applied: Record<string, string>;
}

/** why an element refuses the migration */
export interface MigrationProblem {
  elementId: string;
  reason: 'unmapped' | 'unknown-source' | 'unknown-target' | 'type-mismatch' | 'scope-mismatch' | 'unknown-flow';
  target?: string;
  message: string;
}
/** failure type of a refused migrateInstance / modifyInstance update (details[0]: the problems) */
export const MIGRATION_REFUSED = 'MIGRATION_REFUSED';
export const MODIFICATION_REFUSED = 'MODIFICATION_REFUSED';
/**
 * failure type of an update refused because the instance's migration is answered and its continue-as-new
 * not done yet (a completion, retry, modification, another migration): retry in a moment (API: 409)
 */
export const MIGRATION_PENDING = 'MIGRATION_PENDING';

/**
 * What migrating, modifying and retrying running instances refuse (docs/api.md "Operating
 * instances"): the API answers them (status in apps/api instance-operations.errors.ts) and a
 * batch migration records them per refused instance (`BatchItemOutcome.code`, apps/worker
 * migrate-batch-item.ts), with ErrorCode.NOT_FOUND / FORBIDDEN for an unknown or foreign instance.
 */
export const InstanceOperationErrorCode = {
  /** an active element (or waiting event) has no mapping, or maps to an element of another type / scope; details.elementIds */
  MIGRATION_REFUSED,
  /** a modification instruction is not allowed (start/boundary event target, nothing active, scope not active); details.problems */
  MODIFICATION_REFUSED,
  /** the instance has ended (or its workflow is gone) */
  INSTANCE_NOT_RUNNING: 'INSTANCE_NOT_RUNNING',
  /** the target version of the process does not exist */
  TARGET_VERSION_NOT_FOUND: 'TARGET_VERSION_NOT_FOUND',
  /** the instance already runs the target version */
  ALREADY_ON_VERSION: 'ALREADY_ON_VERSION',
} as const;
export type InstanceOperationErrorCode = (typeof InstanceOperationErrorCode)[keyof typeof InstanceOperationErrorCode];

/** update: token modification (Operate): cancel, start before/after, move */
export const MODIFY_INSTANCE_UPDATE = 'modifyInstance';
export type ModificationInstruction =
  /** terminate every active instance of the element (or only `elementInstanceId`) */
  | { kind: 'cancel'; elementId: string; elementInstanceId?: string }
  /** a new token arrives at the element (its scope must be active) */
  | { kind: 'startBefore'; elementId: string; variables?: Record<string, unknown> }
  /** a new token leaves the element along its one outgoing sequence flow */
  | { kind: 'startAfter'; elementId: string; variables?: Record<string, unknown> }
  /** cancel every active instance of `from`, then start before `to` */
  | { kind: 'move'; from: string; to: string; variables?: Record<string, unknown> };
export interface ModifyInstanceArgs {
  instructions: ModificationInstruction[];
  by: string;
  reason: string;
}
export interface ModificationProblem {
  index: number;
  elementId: string;
  message: string;
}
export interface ModifyInstanceResult {
  activeElements: Record<string, number>;
}

/** one row of the incident list across instances (GET /incidents) */
export interface IncidentListItem {
  instanceId: string;
  processKey: string;
  version: number;
  agency: string | null;
  businessKey: string | null;
  incidentId: string;
  elementId: string;
  message: string;
}
export interface IncidentCounts {
  byProcess: Array<{ processKey: string; count: number }>;
  byElement: Array<{ processKey: string; elementId: string; count: number }>;
}
/** per-instance outcome of a batch (migration, incident retry) */
export interface BatchItemOutcome {
  instanceId: string;
  ok: boolean;
  incidentId?: string;
  code?: string;
  message?: string;
  details?: unknown;
}
export interface BatchReport {
  total: number;
  ok: number;
  refused: number;
  items: BatchItemOutcome[];
}

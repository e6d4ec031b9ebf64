/**
 * Batch migration above the API's synchronous limit (issue 16): the API starts a `migrateBatch`
 * workflow (apps/worker workflows/migrate-batch.workflow.ts) and answers its batch id; each instance
 * is one `migrateBatchItem` activity; progress is the workflow's query (its result once it ended).
 */
import type { BatchItemOutcome } from './instance-operations';

export const MIGRATE_BATCH_WORKFLOW = 'migrateBatch';
/** query: the batch's progress (MigrationBatchProgress) */
export const MIGRATION_BATCH_PROGRESS_QUERY = 'migrationBatchProgress';
/** workflow id of a batch: `migration-batch/<batchId>` */
export const migrationBatchWorkflowId = (batchId: string) => `migration-batch/${batchId}`;

/** what every item of the batch migrates to, and on whose behalf */
export interface MigrationBatchTarget {
  processKey: string;
  definitionId: string;
  version: number;
  mapping: Record<string, string>;
  /** who asked (audit actor) */
  by: string;
  /** the asker's agency: an instance of another agency is refused as not found; null: an admin (any agency) */
  agency: string | null;
}

export interface MigrateBatchItemInput extends MigrationBatchTarget {
  instanceId: string;
}

export interface MigrateBatchInput {
  batchId: string;
  target: MigrationBatchTarget;
  instanceIds: string[];
  /** instances migrated at a time (default 4) */
  concurrency?: number;
  /** carried across continue-as-new */
  progress?: MigrationBatchCounts;
}

export interface MigrationBatchCounts {
  done: number;
  ok: number;
  refused: number;
  /** the refused instances with the reason (the first MIGRATION_BATCH_FAILURES_KEPT) */
  failures: BatchItemOutcome[];
}

/** refusals listed in the progress (the counts go on) */
export const MIGRATION_BATCH_FAILURES_KEPT = 1000;

export interface MigrationBatchProgress extends MigrationBatchCounts {
  batchId: string;
  state: 'RUNNING' | 'COMPLETED';
  total: number;
  processKey: string;
  toVersion: number;
  by: string;
  agency: string | null;
}

/** the API's answer when a batch runs asynchronously (202) */
export interface MigrationBatchStarted {
  batchId: string;
  state: 'RUNNING';
  total: number;
}

/** the activity the batch workflow runs per instance */
export interface MigrationBatchActivities {
  migrateBatchItem(input: MigrateBatchItemInput): Promise<BatchItemOutcome>;
}

/**
 * `migrateBatch`: migrates many running instances to one version (issue 16, batches above the API's
 * synchronous limit). Temporal keeps the batch going across API and worker restarts: each instance is
 * one `migrateBatchItem` activity (retried while the instance answers MIGRATION_PENDING or the database
 * or Temporal cannot be reached; a refusal is an outcome, not a failure), a few at a time. The progress —
 * counts and the refused instances with their reason — is a query; the run continues as new every
 * ITEMS_PER_RUN instances so its history stays small. Deterministic workflow code.
 */
import { continueAsNew, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  MIGRATION_BATCH_FAILURES_KEPT,
  MIGRATION_BATCH_PROGRESS_QUERY,
  type BatchItemOutcome,
  type MigrateBatchInput,
  type MigrationBatchActivities,
  type MigrationBatchCounts,
  type MigrationBatchProgress,
} from '@tthc/contracts';

const ITEMS_PER_RUN = 500;
const DEFAULT_CONCURRENCY = 4;

const items = proxyActivities<MigrationBatchActivities>({
  // one instance's migration waits at most for its safe point (the API's update deadline is 60 s)
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export const migrationBatchProgressQuery = defineQuery<MigrationBatchProgress>(MIGRATION_BATCH_PROGRESS_QUERY);

export async function migrateBatch(input: MigrateBatchInput): Promise<MigrationBatchProgress> {
  const counts: MigrationBatchCounts = input.progress ?? { done: 0, ok: 0, refused: 0, failures: [] };
  const view = (state: MigrationBatchProgress['state']): MigrationBatchProgress => ({
    batchId: input.batchId,
    state,
    total: input.instanceIds.length,
    processKey: input.target.processKey,
    toVersion: input.target.version,
    by: input.target.by,
    agency: input.target.agency,
    ...counts,
  });
  setHandler(migrationBatchProgressQuery, () => view('RUNNING'));

  const end = Math.min(input.instanceIds.length, counts.done + ITEMS_PER_RUN);
  let next = counts.done;
  const record = (outcome: BatchItemOutcome) => {
    counts.done++;
    if (outcome.ok) counts.ok++;
    else {
      counts.refused++;
      if (counts.failures.length < MIGRATION_BATCH_FAILURES_KEPT) counts.failures.push(outcome);
    }
  };
  const lane = async () => {
    while (next < end) {
      const instanceId = input.instanceIds[next++];
      record(await items.migrateBatchItem({ ...input.target, instanceId }));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency ?? DEFAULT_CONCURRENCY) }, lane));
  if (counts.done < input.instanceIds.length) await continueAsNew<typeof migrateBatch>({ ...input, progress: counts });
  return view('COMPLETED');
}

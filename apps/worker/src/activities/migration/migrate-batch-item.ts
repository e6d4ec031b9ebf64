/**
 * One instance of a batch migration (workflows/migrate-batch.workflow.ts): the same checks and the
 * same writes as the API's single migration (process-instances/operations/instance-migration.usecase.ts)
 * — the instance in the asker's agency, running, not on the target yet; the `migrateInstance` update
 * (the workflow enforces the rules); then the projection, dossier event and audit entry in one
 * transaction (recordInstanceMigration). A refusal is the item's outcome; MIGRATION_PENDING and
 * unreachable services throw, so Temporal retries the item.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ErrorCode, InstanceOperationErrorCode as Code, MIGRATE_INSTANCE_UPDATE, MIGRATION_PENDING, type BatchItemOutcome, type MigrateBatchItemInput, type MigrateInstanceArgs, type MigrateInstanceResult, type MigrationBatchActivities, type MigrationProblem } from '@tthc/contracts';
import { getDefinitionById, getInstance, recordInstanceMigration } from '@tthc/persistence';
import type { DataSource } from 'typeorm';

export interface MigrateBatchItemDeps {
  ds: DataSource;
  client: Client;
}

export async function migrateBatchItem(deps: MigrateBatchItemDeps, input: MigrateBatchItemInput): Promise<BatchItemOutcome> {
  const { instanceId } = input;
  const refused = (code: string, message: string, details?: unknown): BatchItemOutcome => ({ instanceId, ok: false, code, message, ...(details ? { details } : {}) });
  const inst = await getInstance(deps.ds, instanceId);
  // what the API's single migration answers (instance-access.ts loadOperable)
  if (!inst) return refused(ErrorCode.NOT_FOUND, `process instance ${instanceId} not found`);
  if (input.agency && inst.agency && inst.agency !== input.agency) return refused(ErrorCode.FORBIDDEN, 'the instance belongs to another agency');
  if (inst.state !== 'ACTIVE') return refused(Code.INSTANCE_NOT_RUNNING, `the instance is ${inst.state}`);
  if (inst.definitionId === input.definitionId) return refused(Code.ALREADY_ON_VERSION, `the instance already runs version ${input.version}`);
  const def = await getDefinitionById(deps.ds, input.definitionId);
  if (!def) throw ApplicationFailure.nonRetryable(`definition ${input.definitionId} is gone`, Code.TARGET_VERSION_NOT_FOUND);
  const args: MigrateInstanceArgs = { definitionId: def.id, definitionHash: def.hash, processKey: def.key, version: def.version, graph: def.graph, mapping: input.mapping, by: input.by };
  let result: MigrateInstanceResult;
  try {
    result = await deps.client.workflow.getHandle(inst.workflowId).executeUpdate<MigrateInstanceResult, [MigrateInstanceArgs]>(MIGRATE_INSTANCE_UPDATE, { args: [args] });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return refused(Code.INSTANCE_NOT_RUNNING, 'the instance is not running');
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause as { message?: string; type?: string; details?: unknown[] } | undefined;
      // another migration of the instance is being carried out: Temporal retries this item
      if (cause?.type === MIGRATION_PENDING) throw ApplicationFailure.retryable(cause.message ?? 'migration pending', MIGRATION_PENDING);
      const problems = Array.isArray(cause?.details?.[0]) ? (cause.details[0] as MigrationProblem[]) : [];
      return refused(cause?.type ?? Code.MIGRATION_REFUSED, `migration to version ${def.version} refused: ${cause?.message ?? err.message}`, { elementIds: problems.map((p) => p.elementId), problems });
    }
    throw err;
  }
  await recordInstanceMigration(
    deps.ds,
    { instanceId, definitionId: def.id, version: def.version, graph: def.graph, applied: result.applied, by: input.by, at: new Date() },
    { processKey: def.key, fromVersion: result.fromVersion, toVersion: result.toVersion, mapping: input.mapping },
  );
  return { instanceId, ok: true };
}

/** the batch workflow's activities (createWorker registers them next to ProcessActivities) */
export function createMigrationBatchActivities(deps: MigrateBatchItemDeps): MigrationBatchActivities {
  return { migrateBatchItem: (input) => migrateBatchItem(deps, input) };
}

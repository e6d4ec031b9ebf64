import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  MIGRATE_INSTANCE_UPDATE,
  type BatchItemOutcome,
  type BatchReport,
  type MigrateInstanceArgs,
  type MigrateInstanceResult,
  type MigrationBatchProgress,
  type MigrationBatchStarted,
  type MigrationProblem,
} from '@tthc/contracts';
import { randomUUID } from 'node:crypto';
import { getDefinition, listInstances, recordInstanceMigration, type ProcessDefinitionEntity } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { hasRole, type AuthUser } from '../../common/auth/auth-user';
import { ApiError } from '../../common/errors/api-error';
import { API_CONFIG, DATA_SOURCE } from '../../common/tokens';
import type { ApiConfig } from '../../config/api-config';
import { TemporalGateway, UpdateRejectedError } from '../../temporal/temporal.gateway';
import { loadOperable } from './instance-access';
import { ProcessAccess } from '../../deployments/process-access';
import { InstanceOperationError, InstanceOperationErrorCode as Code } from './instance-operations.errors';

export interface MigrateCommand {
  targetVersion: number;
  mapping: Record<string, string>;
}

export interface MigrateManyCommand extends MigrateCommand {
  processKey: string;
  /** the instances to migrate; absent: every active instance of `fromVersion` (or of every other version) */
  instanceIds?: string[];
  fromVersion?: number;
}

export interface MigrationView extends MigrateInstanceResult {
  instanceId: string;
}

/** a batch of more instances than this (TTHC_MIGRATION_SYNC_MAX) runs asynchronously as a `migrateBatch` workflow */
export const MIGRATION_SYNC_MAX = 500;
/** instances one batch may name (the batch workflow carries their ids in its input) */
export const MIGRATION_BATCH_MAX = 10_000;
const BATCH_CONCURRENCY = 4;

/**
 * Instance migration (issue 16 item 2): the workflow translates its state with the element mapping
 * and continues as new on the target version (apps/worker instance-operations.ts); then the
 * projection (instance row, open inbox rows, active element records, the dossier's version), the
 * audit entry and — for a dossier — its `process.migrated` event are written in one transaction.
 */
@Injectable()
export class InstanceMigrationUsecase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
    private readonly processes: ProcessAccess,
  ) {}

  async migrate(id: string, cmd: MigrateCommand, user: AuthUser, target?: ProcessDefinitionEntity): Promise<MigrationView> {
    const inst = await loadOperable(this.ds, id, user);
    if (inst.state !== 'ACTIVE') throw new InstanceOperationError(Code.INSTANCE_NOT_RUNNING, `the instance is ${inst.state}`);
    const def = target ?? (await this.target(inst.processKey, cmd.targetVersion, user));
    if (def.id === inst.definitionId) throw new InstanceOperationError(Code.ALREADY_ON_VERSION, `the instance already runs version ${def.version}`);
    const args: MigrateInstanceArgs = { definitionId: def.id, definitionHash: def.hash, processKey: def.key, version: def.version, graph: def.graph, mapping: cmd.mapping, by: user.username };
    let result: MigrateInstanceResult;
    try {
      result = await this.temporal.operate<MigrateInstanceResult, MigrateInstanceArgs>(inst.workflowId, MIGRATE_INSTANCE_UPDATE, args);
    } catch (err) {
      if (err instanceof UpdateRejectedError) {
        const problems = Array.isArray(err.details) ? (err.details as MigrationProblem[]) : [];
        throw new InstanceOperationError(Code.MIGRATION_REFUSED, `migration to version ${def.version} refused: ${err.message}`, { elementIds: problems.map((p) => p.elementId), problems });
      }
      if (err instanceof WorkflowNotFoundError) throw new InstanceOperationError(Code.INSTANCE_NOT_RUNNING, 'the instance is not running');
      throw err;
    }
    await recordInstanceMigration(
      this.ds,
      { instanceId: id, definitionId: def.id, version: def.version, graph: def.graph, applied: result.applied, by: user.username, at: new Date() },
      { processKey: def.key, fromVersion: result.fromVersion, toVersion: result.toVersion, mapping: cmd.mapping },
    );
    return { instanceId: id, ...result };
  }

  /**
   * migrates several instances (at most MIGRATION_BATCH_MAX); one refusal never stops the others. Up to
   * the synchronous limit the report comes back at once; above it a `migrateBatch` workflow migrates them
   * (apps/worker migrate-batch.workflow.ts) and the batch id comes back (progress: batch()).
   */
  async migrateMany(cmd: MigrateManyCommand, user: AuthUser): Promise<BatchReport | MigrationBatchStarted> {
    const def = await this.target(cmd.processKey, cmd.targetVersion, user);
    const ids = cmd.instanceIds ?? (await this.activeInstances(cmd.processKey, cmd.fromVersion, def.id, user));
    if (ids.length > MIGRATION_BATCH_MAX) throw ApiError.badRequest(`at most ${MIGRATION_BATCH_MAX} instances per batch (got ${ids.length}); send them in parts`, { max: MIGRATION_BATCH_MAX });
    if (ids.length > (this.config.migrationSyncMax ?? MIGRATION_SYNC_MAX)) return this.startBatch(def, cmd, ids, user);
    const items: BatchItemOutcome[] = new Array(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const i = next++;
        try {
          await this.migrate(ids[i], cmd, user, def);
          items[i] = { instanceId: ids[i], ok: true };
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          items[i] = { instanceId: ids[i], ok: false, code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, ids.length) }, worker));
    const ok = items.filter((i) => i.ok).length;
    await this.audit.record({
      actor: user.username,
      action: 'process-instance.migrate-batch',
      entity: 'process-definition',
      entityId: def.id,
      details: { processKey: def.key, toVersion: def.version, mapping: cmd.mapping, total: ids.length, ok, refused: ids.length - ok },
    });
    return { total: ids.length, ok, refused: ids.length - ok, items };
  }

  private async startBatch(def: ProcessDefinitionEntity, cmd: MigrateCommand, ids: string[], user: AuthUser): Promise<MigrationBatchStarted> {
    const batchId = randomUUID();
    const target = { processKey: def.key, definitionId: def.id, version: def.version, mapping: cmd.mapping, by: user.username, agency: hasRole(user, 'admin') ? null : user.agency };
    await this.temporal.startMigrationBatch({ batchId, target, instanceIds: ids });
    // the migrations live in Temporal: each instance's entry is written when it is migrated, this one says who started them
    await this.audit.record({
      actor: user.username,
      action: 'process-instance.migrate-batch',
      entity: 'process-definition',
      entityId: def.id,
      details: { processKey: def.key, toVersion: def.version, mapping: cmd.mapping, total: ids.length, batchId },
    });
    return { batchId, state: 'RUNNING', total: ids.length };
  }

  /**
   * a batch's progress — for an admin, or an analyst of the agency it was started in; an admin's batch
   * also for the analysts of its process's agency (its instances are that agency's; a shared process's
   * batch: admins only). Else 404, as for an unknown batch.
   */
  async batch(batchId: string, user: AuthUser): Promise<MigrationBatchProgress> {
    const progress = await this.temporal.migrationBatch(batchId);
    if (!progress || !(await this.readsBatch(user, progress))) throw ApiError.notFound(`migration batch ${batchId}`);
    return progress;
  }

  private async readsBatch(user: AuthUser, batch: MigrationBatchProgress): Promise<boolean> {
    if (hasRole(user, 'admin')) return true;
    if (batch.agency !== null) return batch.agency === user.agency;
    const agency = await this.processes.agencyOf(batch.processKey);
    return !!agency && agency === user.agency;
  }

  private async target(processKey: string, version: number, user: AuthUser): Promise<ProcessDefinitionEntity> {
    const def = await getDefinition(this.ds, processKey, version);
    const unknown = () => new InstanceOperationError(Code.TARGET_VERSION_NOT_FOUND, `process ${processKey} has no version ${version}`);
    if (!def) throw unknown();
    const agency = def.graph.tthc?.agency;
    if (agency && agency !== user.agency && !hasRole(user, 'admin')) {
      // a process the caller may not even read is answered like a version that does not exist
      if (!(await this.processes.canRead(user, processKey))) throw unknown();
      throw ApiError.forbidden(`process ${processKey} belongs to agency ${agency}`);
    }
    return def;
  }

  private async activeInstances(processKey: string, fromVersion: number | undefined, targetId: string, user: AuthUser): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInstances(this.ds, { processKey, states: ['ACTIVE'], agency: hasRole(user, 'admin') ? undefined : user.agency, cursor, limit: 200 });
      for (const i of page.items) if (i.definitionId !== targetId && (fromVersion === undefined || i.version === fromVersion)) ids.push(i.id);
      cursor = page.nextCursor;
    } while (cursor && ids.length <= MIGRATION_BATCH_MAX);
    return ids;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { ErrorCode, HISTORY_INVALID_FAILURE, HISTORY_NOT_FOUND_FAILURE, type ReplayCheckResult } from '@tthc/contracts';
import { getInstance } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { assertInAgencyScope } from '../common/auth/agency-scope';
import { TemporalGateway } from '../temporal/temporal.gateway';
import { AuditService } from './audit.service';

export interface ReplayView extends ReplayCheckResult {
  instanceId: string;
  dossierId: string | null;
}

/**
 * `POST /process-instances/:id/replay`: the determinism check of one instance (a dossier's
 * instance included). The replay itself runs in a worker (TemporalGateway.replayCheck);
 * this use case checks scope, maps the worker's typed failures and logs the view.
 */
@Injectable()
export class ReplayInstanceUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
  ) {}

  async execute(id: string, history: unknown, user: AuthUser): Promise<ReplayView> {
    const inst = await getInstance(this.ds, id);
    // another agency's instance is not found either: its existence is not the caller's business
    if (!inst) throw ApiError.notFound(`process instance ${id}`);
    assertInAgencyScope(user, inst.agency, `process instance ${id}`);
    let result: ReplayCheckResult;
    try {
      result = await this.temporal.replayCheck({ workflowId: inst.workflowId, ...(history !== undefined ? { history } : {}) });
    } catch (err) {
      throw mapReplayFailure(err, id);
    }
    await this.audit.record({
      actor: user.username,
      action: 'audit.replay',
      entity: 'process-instance',
      entityId: id,
      details: { deterministic: result.deterministic, events: result.events, suppliedHistory: result.suppliedHistory, ...(inst.dossierId ? { dossierId: inst.dossierId } : {}) },
    });
    return { instanceId: id, dossierId: inst.dossierId ?? null, ...result };
  }
}

export function mapReplayFailure(err: unknown, id: string): unknown {
  if (!(err instanceof WorkflowFailedError)) return err;
  let cause: unknown = err.cause;
  while (cause && !(cause instanceof ApplicationFailure)) cause = (cause as { cause?: unknown }).cause;
  if (!(cause instanceof ApplicationFailure)) return new ApiError(ErrorCode.INTERNAL, `the replay failed: ${err.cause?.message ?? err.message}`);
  switch (cause.type) {
    case HISTORY_INVALID_FAILURE:
      return new ApiError(ErrorCode.HISTORY_INVALID, cause.message, cause.details?.[0]);
    case HISTORY_NOT_FOUND_FAILURE:
      return new ApiError(ErrorCode.NOT_FOUND, `the engine has no history for process instance ${id}`);
    default:
      return new ApiError(ErrorCode.INTERNAL, `the replay failed: ${cause.message}`);
  }
}

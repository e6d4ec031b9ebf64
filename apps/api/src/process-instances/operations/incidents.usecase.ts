import { Inject, Injectable } from '@nestjs/common';
import type { BatchItemOutcome, BatchReport, IncidentCounts, IncidentListItem } from '@tthc/contracts';
import { listIncidents } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { ApiError } from '../../common/errors/api-error';
import { DATA_SOURCE } from '../../common/tokens';
import { ProcessInstancesService, seesEveryAgency } from '../process-instances.service';

export interface IncidentListCommand {
  processKey?: string;
  elementId?: string;
  limit: number;
}

export interface RetryManyCommand {
  /** the incidents to retry: explicit ids, or every open incident matching the filters */
  incidents?: Array<{ instanceId: string; incidentId: string }>;
  processKey?: string;
  elementId?: string;
  /** corrected variables, set on each instance before its retry */
  variables?: Record<string, unknown>;
}

export const RETRY_BATCH_MAX = 500;
const BATCH_CONCURRENCY = 4;

/** The incident list across instances and the batch retry (issue 16 item 4). */
@Injectable()
export class IncidentsUsecase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly instances: ProcessInstancesService,
  ) {}

  async list(cmd: IncidentListCommand, user: AuthUser): Promise<{ items: IncidentListItem[]; total: number; counts: IncidentCounts }> {
    return listIncidents(this.ds, { processKey: cmd.processKey, elementId: cmd.elementId, agency: scopeOf(user), limit: cmd.limit });
  }

  /** retries each incident through the workflow's retryIncident update (audit entry each); one failure never stops the others */
  async retryMany(cmd: RetryManyCommand, user: AuthUser): Promise<BatchReport> {
    const targets =
      cmd.incidents ??
      (await listIncidents(this.ds, { processKey: cmd.processKey, elementId: cmd.elementId, agency: scopeOf(user), limit: RETRY_BATCH_MAX + 1 })).items.map((i) => ({ instanceId: i.instanceId, incidentId: i.incidentId }));
    if (targets.length > RETRY_BATCH_MAX) throw ApiError.badRequest(`at most ${RETRY_BATCH_MAX} incidents per batch; narrow the filters`, { max: RETRY_BATCH_MAX });
    const items: BatchItemOutcome[] = new Array(targets.length);
    let next = 0;
    const worker = async () => {
      while (next < targets.length) {
        const i = next++;
        const { instanceId, incidentId } = targets[i];
        try {
          await this.instances.retryIncident(instanceId, incidentId, cmd.variables, user);
          items[i] = { instanceId, incidentId, ok: true };
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          items[i] = { instanceId, incidentId, ok: false, code: err.code, message: err.message };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, targets.length) }, worker));
    const ok = items.filter((i) => i.ok).length;
    return { total: items.length, ok, refused: items.length - ok, items };
  }
}

function scopeOf(user: AuthUser): string | null | undefined {
  return seesEveryAgency(user) ? undefined : user.agency;
}

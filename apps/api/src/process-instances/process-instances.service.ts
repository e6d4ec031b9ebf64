import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ErrorCode, type InstanceState, type RunProcessInput } from '@tthc/contracts';
import {
  getDefinition,
  getElementHistory,
  forceInstanceCanceled,
  getInstance,
  insertInstance,
  listAudit,
  listInstances,
  discardInstance,
  type ProcessInstanceEntity,
} from '@tthc/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CalendarService } from '../calendar/calendar.service';
import { assertInAgencyScope } from '../common/auth/agency-scope';
import { ProcessAccess } from '../deployments/process-access';
import { hasRole, readsEveryAgency, type AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { TemporalGateway, UpdateRejectedError } from '../temporal/temporal.gateway';
import { toElementView, toInstanceView, type InstanceView } from './instance-view';

export interface StartCommand {
  processKey: string;
  version?: number;
  businessKey?: string;
  variables?: Record<string, unknown>;
  /** message/signal/timer start event to start from (default: the none start event) */
  startEventId?: string;
}

export interface ListCommand {
  processKey?: string;
  state?: InstanceState;
  businessKey?: string;
  cursor?: string;
  limit: number;
}

@Injectable()
export class ProcessInstancesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    private readonly processes: ProcessAccess,
  ) {}

  /**
   * Starts `runProcess` with the pinned graph of the chosen version. The projection row
   * is written first, so the workflow's progress always finds it.
   */
  async start(cmd: StartCommand, user: AuthUser, opts: { anyAgency?: boolean } = {}): Promise<InstanceView> {
    const def = await getDefinition(this.ds, cmd.processKey, cmd.version);
    const unknown = cmd.version ? `process ${cmd.processKey} version ${cmd.version}` : `process ${cmd.processKey}`;
    if (!def) throw ApiError.notFound(unknown);
    const agency = def.graph.tthc?.agency ?? null;
    // a user without an agency starts only agency-less processes (unless admin, or the portal channel);
    // another agency's process the caller may not even read is unknown to them (404), a public one 403
    if (agency && agency !== user.agency && !hasRole(user, 'admin') && !opts.anyAgency) {
      await this.processes.assertReadable(user, def.key, unknown);
      throw ApiError.forbidden(`process ${def.key} belongs to agency ${agency}`);
    }
    const id = randomUUID();
    const workflowId = `pi/${id}`;
    const variables = cmd.variables ?? {};
    const row = await insertInstance(this.ds, {
      id,
      processKey: def.key,
      version: def.version,
      definitionId: def.id,
      businessKey: cmd.businessKey ?? null,
      variables,
      agency,
      startedBy: user.username,
      workflowId,
    });
    const input: RunProcessInput = {
      definitionId: def.id,
      definitionHash: def.hash,
      processKey: def.key,
      version: def.version,
      instanceId: id,
      businessKey: cmd.businessKey,
      variables,
      graph: def.graph,
      agency: agency ?? undefined,
      startedBy: user.username,
      ...(cmd.startEventId ? { startEventId: cmd.startEventId } : {}),
    };
    try {
      Object.assign(input, await this.calendar.pinFor(input));
      await this.temporal.startProcess(workflowId, input);
    } catch (err) {
      // the workflow did not start (engine down, too large…): no instance, no row. Should the
      // start have reached Temporal after all, the worker's first recordProgress recreates it.
      await discardInstance(this.ds, id);
      throw err;
    }
    await this.audit.record({
      actor: user.username,
      action: 'process-instance.start',
      entity: 'process-instance',
      entityId: id,
      details: { processKey: def.key, version: def.version, businessKey: cmd.businessKey ?? null, startEventId: cmd.startEventId ?? null },
    });
    return toInstanceView(row);
  }

  async list(cmd: ListCommand, user: AuthUser) {
    const page = await listInstances(this.ds, {
      processKey: cmd.processKey,
      states: cmd.state ? [cmd.state] : undefined,
      businessKey: cmd.businessKey,
      agency: seesEveryAgency(user) ? undefined : user.agency,
      cursor: cmd.cursor,
      limit: cmd.limit,
    });
    return { items: page.items.map(toInstanceView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  async get(id: string, user: AuthUser): Promise<InstanceView> {
    return toInstanceView(await this.load(id, user));
  }

  async history(id: string, user: AuthUser) {
    await this.load(id, user);
    const elements = await getElementHistory(this.ds, id);
    const events = await listAudit(this.ds, { entity: 'process-instance', entityId: id, limit: 1000 });
    return {
      elements: elements.map(toElementView),
      events: events.map((e) => ({ at: e.at.toISOString(), actor: e.actor, action: e.action, details: e.details })),
    };
  }

  /** Asks the workflow to cancel (BPMN: terminate everything, state CANCELED). */
  async cancel(id: string, user: AuthUser): Promise<{ id: string; state: InstanceState }> {
    const inst = await this.load(id, user);
    if (!hasRole(user, 'admin', 'officer', 'analyst')) throw ApiError.forbidden();
    if (inst.state !== 'ACTIVE') throw new ApiError(ErrorCode.CONFLICT, `instance is ${inst.state}`);
    let outcome: 'closed' | 'terminated' | 'pending';
    try {
      await this.temporal.cancel(inst.workflowId);
      await this.audit.record({ actor: user.username, action: 'process-instance.cancel', entity: 'process-instance', entityId: id });
      // cancel always works: a workflow that cannot process it (its workflow task fails on every attempt) is terminated
      outcome = await this.temporal.awaitCancelOrTerminate(inst.workflowId, `canceled by ${user.username}; the workflow could not process the cancel`);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new ApiError(ErrorCode.CONFLICT, 'instance is not running');
      throw err;
    }
    // terminated: no workflow code runs any more, so the projection follows here
    if (outcome === 'terminated') await forceInstanceCanceled(this.ds, id, { actor: user.username, reason: 'terminated: the workflow could not process the cancel' });
    return { id, state: outcome === 'terminated' ? 'CANCELED' : (await getInstance(this.ds, id))?.state ?? inst.state };
  }

  /** Retries an open incident (after fixing variables) through the workflow's retryIncident update. */
  async retryIncident(id: string, incidentId: string, variables: Record<string, unknown> | undefined, user: AuthUser) {
    const inst = await this.load(id, user);
    let retried: boolean;
    try {
      ({ retried } = await this.temporal.retryIncident(inst.workflowId, { incidentId, variables, by: user.username }));
    } catch (err) {
      if (err instanceof UpdateRejectedError) throw ApiError.notFound(`open incident ${incidentId}`, { reason: err.message });
      if (err instanceof WorkflowNotFoundError) throw new ApiError(ErrorCode.CONFLICT, 'instance is not running');
      throw err;
    }
    if (!retried) throw new ApiError(ErrorCode.CONFLICT, `incident ${incidentId} was already retried`);
    await this.audit.record({ actor: user.username, action: 'incident.retry', entity: 'process-instance', entityId: id, details: { incidentId, variables: variables ?? {} } });
    return { id, incidentId, retried };
  }

  private async load(id: string, user: AuthUser): Promise<ProcessInstanceEntity> {
    const inst = await getInstance(this.ds, id);
    if (!inst) throw ApiError.notFound(`process instance ${id}`);
    assertInAgencyScope(user, inst.agency, `process instance ${id}`);
    return inst;
  }
}

/** admin and auditor see every agency; others their own (and agency-less processes). */
export function seesEveryAgency(user: AuthUser): boolean {
  return readsEveryAgency(user);
}

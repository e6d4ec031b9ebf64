import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ErrorCode } from '@tthc/contracts';
import { DossierEntity, getInstance, listInstances } from '@tthc/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hasRole, type AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { ApiError } from '../common/errors/api-error';
import { ProcessInstancesService, seesEveryAgency } from '../process-instances/process-instances.service';
import { TemporalGateway } from '../temporal/temporal.gateway';
import { EventSubscriptions, type StartSubscription } from './event-subscriptions';

/** Who publishes: an officer/analyst/admin through `/messages`, or the portal integration through `/portal/messages`. */
export type MessageChannel = 'staff' | 'portal';

/**
 * Messages and signals are offered to the ACTIVE instances of every version whose graph
 * can catch that name — **only those the sender may act on** (issue #9): admins and the
 * portal integration reach every agency; officers and analysts reach instances of their own
 * agency (and agency-less ones). When the correlation key is a dossier code, the message
 * goes to that dossier's instance only, and an officer must belong to its agency and its
 * receiving unit. Each workflow knows its own subscriptions (evaluated correlation key) and
 * ignores the rest. A name no deployed process knows, and a message that reaches no instance
 * the sender may act on, both answer 404 MESSAGE_NOT_CORRELATED with the same text: the
 * reply never tells whether someone else's instance exists. `offered` counts only the
 * sender's own deliveries.
 */
@Injectable()
export class MessagesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
    private readonly instances: ProcessInstancesService,
    private readonly subscriptions: EventSubscriptions,
  ) {}

  /**
   * Offers the message to running instances, and starts the latest version of every
   * process with a message start event of that name — unless (with a correlation key) an
   * ACTIVE instance of that process already has it as business key (as Zeebe does).
   */
  async publishMessage(m: { name: string; correlationKey?: string; variables?: Record<string, unknown> }, user: AuthUser, channel: MessageChannel = 'staff') {
    const messageId = randomUUID();
    this.temporal.assertPayloadSize('the message variables', { name: m.name, correlationKey: m.correlationKey, variables: m.variables, messageId });
    const notCorrelated = () => new ApiError(ErrorCode.MESSAGE_NOT_CORRELATED, `no process you may act on waits for or starts on message "${m.name}" (names are case-sensitive)`, { name: m.name });
    const everywhere = channel === 'portal' || seesEveryAgency(user);
    const catching = await this.subscriptions.catching('message', m.name);
    // Zeebe buffers every published message (TTL) and answers OK; we do not buffer, so a
    // name no deployed process knows would be dropped silently — almost always a typo the
    // clerk should see.
    const starts = (await this.subscriptions.starts('message', m.name)).filter((s) => everywhere || !s.agency || s.agency === user.agency);
    if (catching.length === 0 && starts.length === 0) throw notCorrelated();
    let offered: number;
    const dossier = m.correlationKey ? await this.ds.getRepository(DossierEntity).findOneBy({ code: m.correlationKey }) : null;
    const deliver = (wf: string) => this.temporal.deliverMessage(wf, { name: m.name, correlationKey: m.correlationKey, variables: m.variables, messageId });
    if (dossier) {
      if (!everywhere && !mayActOnDossier(user, dossier)) throw notCorrelated();
      const inst = await getInstance(this.ds, dossier.instanceId);
      if (!inst || inst.state !== 'ACTIVE' || !catching.includes(inst.definitionId)) throw notCorrelated();
      offered = await this.send([inst.workflowId], deliver);
    } else {
      offered = await this.forEachActive(catching, everywhere ? undefined : user.agency, deliver);
    }
    const started: string[] = [];
    // a start already running with this key (a duplicate of its start message) counts as handled
    let duplicates = 0;
    for (const sub of starts) {
      if (m.correlationKey) {
        const running = await listInstances(this.ds, { processKey: sub.processKey, states: ['ACTIVE'], businessKey: m.correlationKey, limit: 1 });
        if (running.items.length > 0) {
          duplicates++;
          continue;
        }
      }
      const inst = await this.startFor(sub, m.correlationKey, m.variables, user, channel === 'portal');
      if (inst) started.push(inst);
    }
    if (offered === 0 && started.length === 0 && duplicates === 0) throw notCorrelated();
    await this.audit.record({
      actor: user.username,
      action: 'message.publish',
      entity: 'message',
      entityId: messageId,
      details: { name: m.name, correlationKey: m.correlationKey ?? null, channel, offered, started, ...(dossier ? { dossierId: dossier.id } : {}) },
    });
    return { messageId, offered, started };
  }

  /** Broadcasts to the running instances the sender may act on and starts every process with a signal start event of that name. */
  async broadcastSignal(s: { name: string; variables?: Record<string, unknown> }, user: AuthUser) {
    this.temporal.assertPayloadSize('the signal variables', s);
    const offered = await this.forEachActive(await this.subscriptions.catching('signal', s.name), seesEveryAgency(user) ? undefined : user.agency, (wf) =>
      this.temporal.deliverSignal(wf, { name: s.name, variables: s.variables }),
    );
    const started: string[] = [];
    for (const sub of await this.subscriptions.starts('signal', s.name)) {
      const inst = await this.startFor(sub, undefined, s.variables, user);
      if (inst) started.push(inst);
    }
    await this.audit.record({ actor: user.username, action: 'signal.broadcast', entity: 'signal', entityId: s.name, details: { offered, started } });
    return { offered, started };
  }

  /** processes of another agency are skipped (403 for this caller), not an error of the whole publish */
  private async startFor(sub: StartSubscription, businessKey: string | undefined, variables: Record<string, unknown> | undefined, user: AuthUser, anyAgency = false) {
    try {
      const inst = await this.instances.start({ processKey: sub.processKey, version: sub.version, startEventId: sub.startEventId, businessKey, variables }, user, { anyAgency });
      return inst.id;
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) return undefined;
      throw err;
    }
  }

  /**
   * ACTIVE instances of the given versions (and of unknown ones, to be safe); `agency`
   * restricts them to that agency's and agency-less instances (undefined: every agency).
   */
  private async forEachActive(definitionIds: string[], agency: string | null | undefined, send: (workflowId: string) => Promise<void>): Promise<number> {
    let offered = 0;
    let cursor: string | undefined;
    do {
      const page = await listInstances(this.ds, { states: ['ACTIVE'], definitionIds, agency, cursor, limit: 200 });
      offered += await this.send(page.items.map((i) => i.workflowId), send);
      cursor = page.nextCursor;
    } while (cursor);
    return offered;
  }

  private async send(workflowIds: string[], send: (workflowId: string) => Promise<void>): Promise<number> {
    let offered = 0;
    const results = await Promise.allSettled(workflowIds.map((wf) => send(wf)));
    for (const r of results) {
      if (r.status === 'fulfilled') offered++;
      else if (!(r.reason instanceof WorkflowNotFoundError)) throw r.reason;
    }
    return offered;
  }
}

/** A dossier is acted on by its agency; an officer must also belong to its receiving unit. */
function mayActOnDossier(user: AuthUser, d: Pick<DossierEntity, 'agency' | 'receivingUnit'>): boolean {
  if (hasRole(user, 'admin')) return true;
  if (d.agency !== user.agency) return false;
  return !hasRole(user, 'officer') || hasRole(user, 'analyst') || user.units.includes(d.receivingUnit);
}

import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ErrorCode } from '@tthc/contracts';
import { listInstances } from '@tthc/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { ApiError } from '../common/errors/api-error';
import { ProcessInstancesService } from '../process-instances/process-instances.service';
import { TemporalGateway } from '../temporal/temporal.gateway';
import { EventSubscriptions, type StartSubscription } from './event-subscriptions';

/**
 * Messages and signals are offered to the ACTIVE instances of every version whose graph
 * can catch that name; each workflow knows its own subscriptions (evaluated correlation
 * key) and ignores the rest. Message/signal start events start new instances. The cost
 * grows with the active instances of the matching processes — a subscription table
 * written by the worker would narrow it to the waiting ones.
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
  async publishMessage(m: { name: string; correlationKey?: string; variables?: Record<string, unknown> }, user: AuthUser) {
    const messageId = randomUUID();
    const catching = await this.subscriptions.catching('message', m.name);
    const starts = await this.subscriptions.starts('message', m.name);
    // Zeebe buffers every published message (TTL) and answers OK; we do not buffer, so a
    // name no deployed process knows would be dropped silently — almost always a typo the
    // clerk should see. A known name with no instance waiting right now stays a 202.
    if (catching.length === 0 && starts.length === 0) {
      throw new ApiError(ErrorCode.MESSAGE_NOT_CORRELATED, `no deployed process waits for or starts on message "${m.name}" (names are case-sensitive)`, { name: m.name });
    }
    const offered = await this.forEachActive(catching, (wf) =>
      this.temporal.deliverMessage(wf, { name: m.name, correlationKey: m.correlationKey, variables: m.variables, messageId }),
    );
    const started: string[] = [];
    for (const sub of starts) {
      if (m.correlationKey) {
        const running = await listInstances(this.ds, { processKey: sub.processKey, states: ['ACTIVE'], businessKey: m.correlationKey, limit: 1 });
        if (running.items.length > 0) continue;
      }
      const inst = await this.startFor(sub, m.correlationKey, m.variables, user);
      if (inst) started.push(inst);
    }
    await this.audit.record({ actor: user.username, action: 'message.publish', entity: 'message', entityId: messageId, details: { name: m.name, correlationKey: m.correlationKey ?? null, offered, started } });
    return { messageId, offered, started };
  }

  /** Broadcasts to running instances and starts every process with a signal start event of that name. */
  async broadcastSignal(s: { name: string; variables?: Record<string, unknown> }, user: AuthUser) {
    const offered = await this.forEachActive(await this.subscriptions.catching('signal', s.name), (wf) =>
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
  private async startFor(sub: StartSubscription, businessKey: string | undefined, variables: Record<string, unknown> | undefined, user: AuthUser) {
    try {
      const inst = await this.instances.start({ processKey: sub.processKey, version: sub.version, startEventId: sub.startEventId, businessKey, variables }, user);
      return inst.id;
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) return undefined;
      throw err;
    }
  }

  /** ACTIVE instances of the given versions (and of unknown ones, to be safe). */
  private async forEachActive(definitionIds: string[], send: (workflowId: string) => Promise<void>): Promise<number> {
    let offered = 0;
    let cursor: string | undefined;
    do {
      const page = await listInstances(this.ds, { states: ['ACTIVE'], definitionIds, cursor, limit: 200 });
      const results = await Promise.allSettled(page.items.map((i) => send(i.workflowId)));
      for (const r of results) {
        if (r.status === 'fulfilled') offered++;
        else if (!(r.reason instanceof WorkflowNotFoundError)) throw r.reason;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return offered;
  }
}

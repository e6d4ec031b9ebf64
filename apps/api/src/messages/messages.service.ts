import { Inject, Injectable, Logger } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { listInstances } from '@tthc/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { TemporalGateway } from '../temporal/temporal.gateway';

/**
 * Messages and signals are offered to every ACTIVE instance: each workflow knows its
 * own subscriptions (message name + evaluated correlation key) and ignores the rest.
 * Simple and correct; its cost grows with the number of active instances — a
 * subscription table written by the worker is the planned optimisation.
 */
@Injectable()
export class MessagesService {
  private readonly log = new Logger('messages');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
  ) {}

  async publishMessage(m: { name: string; correlationKey?: string; variables?: Record<string, unknown> }, user: AuthUser) {
    const messageId = randomUUID();
    const offered = await this.forEachActive((wf) =>
      this.temporal.deliverMessage(wf, { name: m.name, correlationKey: m.correlationKey, variables: m.variables, messageId }),
    );
    await this.audit.record({ actor: user.username, action: 'message.publish', entity: 'message', entityId: messageId, details: { name: m.name, correlationKey: m.correlationKey ?? null, offered } });
    return { messageId, offered };
  }

  async broadcastSignal(s: { name: string; variables?: Record<string, unknown> }, user: AuthUser) {
    const offered = await this.forEachActive((wf) => this.temporal.deliverSignal(wf, { name: s.name, variables: s.variables }));
    await this.audit.record({ actor: user.username, action: 'signal.broadcast', entity: 'signal', entityId: s.name, details: { offered } });
    return { offered };
  }

  private async forEachActive(send: (workflowId: string) => Promise<void>): Promise<number> {
    let offered = 0;
    let cursor: string | undefined;
    do {
      const page = await listInstances(this.ds, { states: ['ACTIVE'], cursor, limit: 200 });
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

import { Inject, Injectable } from '@nestjs/common';
import { appendAudit, appendAuditIn, type AuditInput } from '@tthc/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../common/tokens';

/**
 * Every state change the API makes is written here (keyed hash chain, append-only).
 * `recordIn` writes inside the transaction of the change (preferred: both commit or
 * neither); `record` in a transaction of its own, for changes that live in Temporal.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async record(entry: AuditInput): Promise<void> {
    await appendAudit(this.ds, entry);
  }

  async recordIn(m: EntityManager, entry: AuditInput): Promise<void> {
    await appendAuditIn(m, entry);
  }
}

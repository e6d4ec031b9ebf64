import { Inject, Injectable } from '@nestjs/common';
import { appendAudit, type AuditInput } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/tokens';

/** Every state change the API makes is written here (hash-chained, append-only). */
@Injectable()
export class AuditService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async record(entry: AuditInput): Promise<void> {
    await appendAudit(this.ds, entry);
  }
}

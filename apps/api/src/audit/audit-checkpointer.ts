import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createAuditCheckpoint } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/tokens';

export const CHECKPOINT_INTERVAL_MS = 60 * 60_000;

/**
 * Signs the audit head at start and every hour (besides the checkpoint the chain writes
 * every AUDIT_CHECKPOINT_EVERY entries), so a quiet chain also gets a recent signed head.
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly log = new Logger('audit');

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.checkpoint();
    this.timer = setInterval(() => void this.checkpoint(), CHECKPOINT_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async checkpoint(): Promise<void> {
    try {
      await createAuditCheckpoint(this.ds);
    } catch (err) {
      this.log.warn(`audit checkpoint failed: ${(err as Error).message}`);
    }
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { reopenStaleCompletions } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/tokens';
import { UPDATE_MS } from '../temporal/temporal.gateway';

/** A completion is given twice the update deadline before it counts as abandoned. */
export const COMPLETION_LEASE_MS = 2 * UPDATE_MS;
const SWEEP_EVERY_MS = 60_000;

/**
 * Reopens tasks whose completion was begun by an API process that died before the
 * workflow answered (they would otherwise stay COMPLETING, out of every inbox).
 * Runs at start and every minute; any replica may run it (the UPDATE is conditional).
 */
@Injectable()
export class StaleCompletionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('tasks');
  private timer?: NodeJS.Timeout;

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep();
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(now = Date.now()): Promise<string[]> {
    try {
      const reopened = await reopenStaleCompletions(this.ds, new Date(now - COMPLETION_LEASE_MS));
      if (reopened.length) this.log.warn(`reopened ${reopened.length} abandoned completion(s): ${reopened.join(', ')}`);
      return reopened;
    } catch (err) {
      this.log.error(`stale completion sweep failed: ${(err as Error).message}`);
      return [];
    }
  }
}

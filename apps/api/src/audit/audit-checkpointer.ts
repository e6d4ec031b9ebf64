import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createAuditCheckpoint, createDossierChainCheckpoint, rekeyDossierChains } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/tokens';

export const CHECKPOINT_INTERVAL_MS = 60 * 60_000;

/**
 * Signs the audit head at start and every hour (besides the checkpoint the chain writes
 * every AUDIT_CHECKPOINT_EVERY entries), so a quiet chain also gets a recent signed head;
 * with it, the heads of the dossier event chains that moved (createDossierChainCheckpoint).
 * At start it first re-keys dossier chains still written the old unkeyed way (docs/audit.md).
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly log = new Logger('audit');

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const r = await rekeyDossierChains(this.ds);
      if (r.rekeyed) this.log.log(`re-keyed ${r.rekeyed} dossier event chains written before the keyed chain`);
      if (r.notVerifiable.length) this.log.warn(`${r.notVerifiable.length} unkeyed dossier event chains do not verify and were left as they are (tthc audit verify names them)`);
    } catch (err) {
      this.log.warn(`re-keying dossier chains failed: ${(err as Error).message}`);
    }
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
      await createDossierChainCheckpoint(this.ds);
    } catch (err) {
      this.log.warn(`audit checkpoint failed: ${(err as Error).message}`);
    }
  }
}

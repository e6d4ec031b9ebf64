import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { getInstance, listCompletingTasks, reopenStaleCompletions } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/tokens';
import { TemporalGateway, UPDATE_MS } from '../temporal/temporal.gateway';

/** Without an answer from the workflow, a completion is given twice the update deadline before it counts as abandoned. */
export const COMPLETION_LEASE_MS = 2 * UPDATE_MS;
/** A completion still COMPLETING after this long is checked with the workflow (a normal one takes well under a second). */
export const RECONCILE_AFTER_MS = 5_000;
const SWEEP_EVERY_MS = 2_000;

/**
 * Reconciles tasks left COMPLETING by a completion that was cut off (the API process died
 * before the workflow answered, or the update never reached it). Every 2 s, each task
 * COMPLETING for more than RECONCILE_AFTER_MS is checked with the workflow's
 * `getTaskStatus` query: `open` → the completion never arrived, the task is reopened at once;
 * `completed` → the workflow applied it and the worker's closeUserTask closes the row (and
 * audits it); no answer (engine or worker down) → it stays "completing…" and the lease
 * (COMPLETION_LEASE_MS) reopens it as before. Any replica may run it (the UPDATE is conditional).
 */
@Injectable()
export class StaleCompletionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('tasks');
  private timer?: NodeJS.Timeout;
  /** passes run one after the other; the timer skips a beat while one runs */
  private chain: Promise<unknown> = Promise.resolve();
  private busy = 0;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly temporal: TemporalGateway,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep();
    this.timer = setInterval(() => {
      if (this.busy === 0) void this.sweep();
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** one pass (after any running one); returns the ids of the reopened tasks */
  sweep(now = Date.now()): Promise<string[]> {
    this.busy++;
    const next = this.chain.then(() => this.pass(now)).finally(() => this.busy--);
    this.chain = next;
    return next;
  }

  private async pass(now: number): Promise<string[]> {
    try {
      const neverArrived = await this.completionsTheWorkflowNeverGot(now);
      const reopened = await reopenStaleCompletions(this.ds, new Date(now - RECONCILE_AFTER_MS), neverArrived);
      reopened.push(...(await reopenStaleCompletions(this.ds, new Date(now - COMPLETION_LEASE_MS))));
      if (reopened.length) this.log.warn(`reopened ${reopened.length} interrupted completion(s): ${reopened.join(', ')}`);
      return reopened;
    } catch (err) {
      this.log.error(`stale completion sweep failed: ${(err as Error).message}`);
      return [];
    }
  }

  private async completionsTheWorkflowNeverGot(now: number): Promise<string[]> {
    const ids: string[] = [];
    for (const task of await listCompletingTasks(this.ds, new Date(now - RECONCILE_AFTER_MS))) {
      const instance = await getInstance(this.ds, task.instanceId);
      try {
        const status = await this.temporal.taskStatus(instance?.workflowId ?? `pi/${task.instanceId}`, task.id);
        if (status === 'open') ids.push(task.id);
      } catch (err) {
        // no answer: the engine or the worker is down — leave it "completing…" (the lease still applies)
        if (!(err instanceof WorkflowNotFoundError)) return ids;
      }
    }
    return ids;
  }
}

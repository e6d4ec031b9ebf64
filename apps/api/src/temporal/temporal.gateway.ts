import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, WorkflowFailedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  CANCEL_SIGNAL,
  COMPLETE_TASK_UPDATE,
  DELIVER_MESSAGE_SIGNAL,
  DELIVER_SIGNAL_SIGNAL,
  ErrorCode,
  GET_TASK_STATUS_QUERY,
  MIGRATE_BATCH_WORKFLOW,
  MIGRATION_BATCH_PROGRESS_QUERY,
  MIGRATION_PENDING,
  migrationBatchWorkflowId,
  type MigrateBatchInput,
  type MigrationBatchProgress,
  RETRY_INCIDENT_UPDATE,
  REPLAY_CHECK_WORKFLOW,
  REPLAY_TRACE_WORKFLOW,
  type ReplayTrace,
  type ReplayTraceInput,
  RUN_PROCESS_WORKFLOW,
  type CompleteTaskArgs,
  type CompleteTaskResult,
  type DeliverMessageArgs,
  type DeliverSignalArgs,
  type ReplayCheckInput,
  type ReplayCheckResult,
  type RetryIncidentArgs,
  type RetryIncidentResult,
  type RunProcessInput,
  type TaskStatusInWorkflow,
} from '@tthc/contracts';
import type { ApiConfig } from '../config/api-config';
import { ApiError } from '../common/errors/api-error';
import { API_CONFIG } from '../common/tokens';
import { EngineHealth } from './engine-health';
import { historyToJSON } from '@tthc/contracts/src/history-json';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

/** What the workflow said when it refused an update (validator or handler failure). */
export class UpdateRejectedError extends Error {
  constructor(
    message: string,
    readonly type: string | undefined,
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'UpdateRejectedError';
  }
}

/**
 * The API's only door to Temporal. The connection is lazy: the API starts (and
 * reports itself unhealthy) while Temporal is down, and connects on first use.
 * Transport failures become 503 ENGINE_UNAVAILABLE.
 */
const SHORT_MS = 10_000;
/** a replay bundles the workflow code once per worker process, then replays in well under a second */
const REPLAY_DEADLINE_MS = 5 * 60_000;
/** the completeTask update waits for the workflow to validate and apply it */
export const UPDATE_MS = 60_000;
/** Temporal's default `limit.blobSize.error` */
export const DEFAULT_PAYLOAD_LIMIT = 2 * 1024 * 1024;
const PAYLOAD_OVERHEAD = 4096;
/** a workflow task on this attempt has failed (or timed out) before: the workflow may never act on a cancel */
const STUCK_ATTEMPTS = 2;
/** a call without an answer this long has Temporal's health checked beside it (a hung or unreachable server would keep it waiting its whole deadline) */
const WATCH_MS = 2_000;
/** deadline of one health probe */
const PROBE_MS = 1_500;

@Injectable()
export class TemporalGateway implements OnApplicationShutdown {
  private readonly log = new Logger('temporal');
  private connection?: Connection;
  private client?: Client;
  /** cached reachability: while Temporal is down, calls answer 503 at once (engine-health.ts) */
  private readonly health = new EngineHealth(() => this.probe(PROBE_MS));

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  private connecting?: Promise<Client>;

  /**
   * Connects on first use and caches only a successful connection, so the API starts
   * (and reports itself unhealthy) while Temporal is down and recovers when it is back.
   */
  private getClient(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= Connection.connect({ address: this.config.temporal.address, tls: this.config.temporal.tls, apiKey: this.config.temporal.apiKey, connectTimeout: '3s' })
      .then((connection) => {
        this.connection = connection;
        this.client = new Client({ connection, namespace: this.config.temporal.namespace, dataConverter: TTHC_DATA_CONVERTER });
        return this.client;
      })
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  async isHealthy(): Promise<{ ok: boolean; error?: string }> {
    const since = this.health.downSince;
    if (since) return { ok: false, error: `not reachable since ${since.toISOString()}` };
    const error = await this.probeError(3000);
    if (error === undefined) return { ok: true };
    this.health.markDown();
    return { ok: false, error };
  }

  /** does Temporal answer at all (one getSystemInfo under a short deadline)? */
  private async probe(deadlineMs: number): Promise<boolean> {
    return (await this.probeError(deadlineMs)) === undefined;
  }

  /** one getSystemInfo under a deadline: undefined when Temporal answered, else why not */
  private async probeError(deadlineMs: number): Promise<string | undefined> {
    try {
      const client = await this.getClient();
      await client.connection.withDeadline(Date.now() + deadlineMs, () => client.workflowService.getSystemInfo({}));
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }

  private unavailable(since: Date): ApiError {
    return new ApiError(ErrorCode.ENGINE_UNAVAILABLE, `the workflow engine is not reachable (since ${since.toISOString()}): retry later`, { since: since.toISOString(), retryable: true });
  }

  /**
   * Temporal refuses a payload above its blob size limit (`limit.blobSize.error`, 2 MiB by
   * default; TTHC_PAYLOAD_LIMIT must match the cluster's). Checked here, before anything is
   * sent, so the caller gets 413 with the limit instead of an engine error after the fact.
   */
  assertPayloadSize(what: string, value: unknown): void {
    const limit = this.config.payloadLimitBytes ?? DEFAULT_PAYLOAD_LIMIT;
    const size = Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
    // the payload carries a little metadata besides the JSON
    if (size > limit - PAYLOAD_OVERHEAD) {
      throw new ApiError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        `${what} is too large for the workflow engine: ${size} bytes, the limit is ${limit - PAYLOAD_OVERHEAD} bytes`,
        { limitBytes: limit - PAYLOAD_OVERHEAD, sizeBytes: size },
      );
    }
  }

  async startProcess(workflowId: string, input: RunProcessInput): Promise<void> {
    this.assertPayloadSize('the instance (variables and process graph)', input);
    await this.call(SHORT_MS, (c) =>
      c.workflow.start(RUN_PROCESS_WORKFLOW, { taskQueue: this.config.temporal.taskQueue, workflowId, args: [input] }),
    );
  }

  /**
   * Whether a workflow execution with this id exists: true / false, or undefined when
   * Temporal cannot be asked (used to decide whether a failed start may have started it).
   */
  /**
   * The determinism check: a short `replayDeterminismCheck` workflow on the worker's task
   * queue replays `input.workflowId`'s history in a worker (the code that runs dossiers).
   * Its failure (WorkflowFailedError → ActivityFailure → ApplicationFailure) passes through.
   */
  async replayCheck(input: ReplayCheckInput): Promise<ReplayCheckResult> {
    return this.call(REPLAY_DEADLINE_MS, (c) =>
      c.workflow.execute<(i: ReplayCheckInput) => Promise<ReplayCheckResult>>(REPLAY_CHECK_WORKFLOW, {
        taskQueue: this.config.temporal.taskQueue,
        workflowId: `replay/${input.workflowId}/${randomUUID()}`,
        args: [input],
        workflowExecutionTimeout: '10 minutes',
      }),
    );
  }

  /** The replay view: the worker replays the history with its code and reports each step (docs/audit.md). */
  async replayTrace(input: ReplayTraceInput): Promise<ReplayTrace> {
    return this.call(REPLAY_DEADLINE_MS, (c) =>
      c.workflow.execute<(i: ReplayTraceInput) => Promise<ReplayTrace>>(REPLAY_TRACE_WORKFLOW, {
        taskQueue: this.config.temporal.taskQueue,
        workflowId: `replay-trace/${input.workflowId}/${randomUUID()}`,
        args: [input],
        workflowExecutionTimeout: '10 minutes',
      }),
    );
  }

  /** The full event history of a workflow as proto JSON text, or null when Temporal has none. */
  async historyJson(workflowId: string): Promise<string | null> {
    try {
      return historyToJSON(await this.call(REPLAY_DEADLINE_MS, (c) => c.workflow.getHandle(workflowId).fetchHistory()));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  async exists(workflowId: string): Promise<boolean | undefined> {
    try {
      await this.call(SHORT_MS, (c) => c.workflow.getHandle(workflowId).describe());
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      return undefined;
    }
  }

  /** Runs the completeTask update; throws UpdateRejectedError when the workflow refuses it. */
  async completeTask(workflowId: string, args: CompleteTaskArgs): Promise<CompleteTaskResult> {
    this.assertPayloadSize('the variables', args);
    try {
      return await this.call(UPDATE_MS, (c) =>
        c.workflow.getHandle(workflowId).executeUpdate<CompleteTaskResult, [CompleteTaskArgs]>(COMPLETE_TASK_UPDATE, { args: [args] }),
      );
    } catch (err) {
      throw this.rejected(err);
    }
  }

  private rejected(err: unknown): unknown {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause as { message?: string; type?: string; details?: unknown[] } | undefined;
      // the one refusal every update may get (instance-operations.ts in the worker): the same answer everywhere
      if (cause?.type === MIGRATION_PENDING) return new ApiError(ErrorCode.MIGRATION_PENDING, cause.message ?? 'the instance is being migrated: retry in a moment', { retryable: true });
      return new UpdateRejectedError(cause?.message ?? err.message, cause?.type, cause?.details?.[0]);
    }
    return err;
  }

  /** Runs the retryIncident update; throws UpdateRejectedError when there is no such open incident. */
  async retryIncident(workflowId: string, args: RetryIncidentArgs): Promise<RetryIncidentResult> {
    this.assertPayloadSize('the variables', args);
    try {
      return await this.call(UPDATE_MS, (c) =>
        c.workflow.getHandle(workflowId).executeUpdate<RetryIncidentResult, [RetryIncidentArgs]>(RETRY_INCIDENT_UPDATE, { args: [args] }),
      );
    } catch (err) {
      throw this.rejected(err);
    }
  }

  /** Runs an operator update (migrateInstance, modifyInstance); throws UpdateRejectedError with the workflow's refusal. */
  async operate<R, A>(workflowId: string, update: string, args: A): Promise<R> {
    this.assertPayloadSize('the request', args);
    try {
      return await this.call(UPDATE_MS, (c) => c.workflow.getHandle(workflowId).executeUpdate<R, [A]>(update, { args: [args] }));
    } catch (err) {
      throw this.rejected(err);
    }
  }

  /** starts a batch migration workflow (migrateBatch, on the worker's task queue) */
  async startMigrationBatch(input: MigrateBatchInput): Promise<void> {
    this.assertPayloadSize('the batch (instance ids and mapping)', input);
    await this.call(SHORT_MS, (c) =>
      c.workflow.start(MIGRATE_BATCH_WORKFLOW, { taskQueue: this.config.temporal.taskQueue, workflowId: migrationBatchWorkflowId(input.batchId), args: [input] }),
    );
  }

  /** a batch's progress: its query while it runs, its result once it ended; null when Temporal has no such batch */
  async migrationBatch(batchId: string): Promise<MigrationBatchProgress | null> {
    try {
      return await this.call(SHORT_MS, async (c) => {
        const handle = c.workflow.getHandle(migrationBatchWorkflowId(batchId));
        const running = (await handle.describe()).status.name === 'RUNNING';
        return running ? handle.query<MigrationBatchProgress>(MIGRATION_BATCH_PROGRESS_QUERY) : (handle.result() as Promise<MigrationBatchProgress>);
      });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  /** where the workflow stands with a task (the completion sweeper); a worker that does not answer fails within 3 s */
  async taskStatus(workflowId: string, taskId: string): Promise<TaskStatusInWorkflow> {
    return this.call(3_000, (c) => c.workflow.getHandle(workflowId).query<TaskStatusInWorkflow, [string]>(GET_TASK_STATUS_QUERY, taskId));
  }

  async cancel(workflowId: string): Promise<void> {
    await this.call(SHORT_MS, (c) => c.workflow.getHandle(workflowId).signal(CANCEL_SIGNAL));
  }

  /**
   * After a cancel signal: waits (up to `withinMs`) for the workflow to close. A workflow whose
   * workflow task is on attempt STUCK_ATTEMPTS or later (the previous attempt failed or timed
   * out) may never process the cancel — it is terminated (the last resort: the caller asked for
   * the end anyway) and `terminated` is answered, so the caller projects the end. A workflow
   * that merely waits for a worker (first attempt not started) is left to cancel itself.
   */
  async awaitCancelOrTerminate(workflowId: string, reason: string, withinMs = 5_000): Promise<'closed' | 'terminated' | 'pending'> {
    const until = Date.now() + withinMs;
    for (;;) {
      const d = await this.call(SHORT_MS, (c) => c.workflow.getHandle(workflowId).describe());
      if (d.status.name !== 'RUNNING') return 'closed';
      if ((d.raw.pendingWorkflowTask?.attempt ?? 0) >= STUCK_ATTEMPTS) {
        await this.call(SHORT_MS, (c) => c.workflow.getHandle(workflowId).terminate(reason));
        this.log.warn(`terminated ${workflowId}: its workflow task failed ${d.raw.pendingWorkflowTask?.attempt} times, it could not process the cancel`);
        return 'terminated';
      }
      if (Date.now() >= until) return 'pending';
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async deliverMessage(workflowId: string, args: DeliverMessageArgs): Promise<void> {
    this.assertPayloadSize('the message variables', args);
    await this.call(SHORT_MS, (c) => c.workflow.getHandle(workflowId).signal(DELIVER_MESSAGE_SIGNAL, args));
  }

  async deliverSignal(workflowId: string, args: DeliverSignalArgs): Promise<void> {
    this.assertPayloadSize('the signal variables', args);
    await this.call(SHORT_MS, (c) => c.workflow.getHandle(workflowId).signal(DELIVER_SIGNAL_SIGNAL, args));
  }

  /** any other runProcess signal by its @tthc/contracts name (e.g. CALENDAR_CHANGED_SIGNAL) */
  async signal(workflowId: string, name: string, args: unknown): Promise<void> {
    await this.call(SHORT_MS, (c) => c.workflow.getHandle(workflowId).signal(name, args));
  }

  /**
   * Runs one client call under a deadline and maps "cannot reach Temporal" to 503;
   * workflow-level errors (not found, update rejected) pass through.
   */
  private async call<T>(deadlineMs: number, fn: (client: Client) => Promise<T>): Promise<T> {
    // Temporal known to be down: answer at once (the health's own probe finds it back)
    const since = this.health.downSince;
    if (since) throw this.unavailable(since);
    // a call left without an answer: is Temporal there at all? If not, the call is given up at once
    const abort = new AbortController();
    const watch = setInterval(() => void this.probe(PROBE_MS).then((up) => up || abort.abort()), WATCH_MS);
    try {
      const client = await this.getClient();
      return await client.connection.withAbortSignal(abort.signal, () => client.connection.withDeadline(Date.now() + deadlineMs, () => fn(client)));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError || err instanceof WorkflowFailedError) throw err;
      const e = err as { code?: number; message?: string; cause?: { code?: number } };
      const grpcCode = e.code ?? e.cause?.code;
      // given up beside a failed probe, gRPC UNAVAILABLE (14), or a failed connect
      if (abort.signal.aborted || grpcCode === 14 || /connect|unavailable/i.test(e.message ?? '')) {
        this.log.warn(`Temporal unavailable: ${e.message}`);
        throw this.unavailable(this.health.markDown());
      }
      // DEADLINE_EXCEEDED (4): Temporal may be there and merely slow (a workflow far from its safe point)
      if (grpcCode === 4 || /deadline/i.test(e.message ?? '')) {
        if (!(await this.probe(PROBE_MS))) throw this.unavailable(this.health.markDown());
        throw new ApiError(ErrorCode.ENGINE_UNAVAILABLE, 'the workflow engine did not answer in time: retry later', { retryable: true });
      }
      // the cluster's own size limits (a lower limit.blobSize.error, or gRPC's message size)
      if ((grpcCode === 3 || grpcCode === 8) && /size|larger than max|too large/i.test(e.message ?? '')) {
        throw new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, 'the request is too large for the workflow engine', { limitBytes: (this.config.payloadLimitBytes ?? DEFAULT_PAYLOAD_LIMIT) - PAYLOAD_OVERHEAD });
      }
      throw err;
    } finally {
      clearInterval(watch);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.health.stop();
    await this.connection?.close().catch(() => undefined);
  }
}

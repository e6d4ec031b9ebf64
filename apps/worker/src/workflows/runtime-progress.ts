/**
 * The progress part of the process runtime (process-runtime.ts): which events are written to the
 * projections (element history, instance row — and, after ONE_WRITE_HANDOFF_PATCH, the inbox rows
 * queued with them), when the next write is due, and who writes it. Deterministic workflow code.
 */
import { condition, workflowInfo } from '@temporalio/workflow';
import type { RunProcessInput } from '@tthc/contracts';
import type { EngineCommand, ProcessEngine } from '@tthc/engine';
import { inbox, local } from './activity-proxies';
import type { LocalChain } from './local-chain';
import type { RunPatches } from './run-patches';
import type { InboxQueue } from './runtime-inbox';
import { PROGRESS_AFTER_TIMER_PATCH } from './runtime-patches';

export const MAX_PROGRESS_LAG_MS = 2000;

type Ended = Extract<EngineCommand, { kind: 'ended' }>;
type ElementRecords = ReturnType<ProcessEngine['drainRecords']>;

/** what the progress part needs from the runtime */
export interface ProgressHost {
  readonly input: RunProcessInput;
  readonly patches: RunPatches;
  readonly localChain: LocalChain;
  /** the inbox writes waiting for the next progress write */
  queue(): InboxQueue;
  ended(): Ended | undefined;
  view(): ReturnType<ProcessEngine['view']>;
  agency(): string | undefined;
  /** the engine's element records since the last call */
  drainRecords(): ElementRecords;
  jobsRunning(): boolean;
}

export class RuntimeProgress {
  /** sequence number of the last event; its progress is visible once flushedSeq ≥ seq */
  seq = 0;
  flushedSeq = 0;
  /** element records kept aside (a guarded start, a rolled-back event) for the next write */
  readonly records: ElementRecords = [];
  /** something people act on changed (an incident, a user task): write progress at once */
  urgent = false;
  /** a BPMN timer was armed since the last flush (writer) */
  timerArmed = false;
  /** patches.has(PROGRESS_ON_WAIT_PATCH): defer progress while only jobs run (set by runProcess) */
  deferWhileJobsRun = false;
  /** workflow time of the oldest event not yet flushed */
  private firstUnflushedAt = 0;
  /** handlers waiting for their event's progress to be visible (updates) */
  private flushRequests = 0;
  /** patches.has(PROGRESS_AFTER_TIMER_PATCH), asked at the first flush after a timer was armed */
  private progressAfterTimer?: boolean;

  constructor(private readonly host: ProgressHost) {}

  /** a new run: the start itself is progress to record */
  started(): void {
    this.seq = 1;
    this.firstUnflushedAt = Date.now();
  }

  /** one more event dispatched; returns its sequence number */
  advance(): number {
    if (this.seq === this.flushedSeq) this.firstUnflushedAt = Date.now();
    this.seq += 1;
    return this.seq;
  }

  /**
   * an update answers once its event's progress is written (read-your-writes for the API): meanwhile the
   * write is due at once and goes to a local activity (flushDue, writer); `first` runs before the wait
   */
  async awaitProgress(seq: number, first?: () => Promise<unknown>): Promise<void> {
    this.flushRequests++;
    try {
      if (first) await first();
      await condition(() => this.flushedSeq >= seq);
    } finally {
      this.flushRequests--;
    }
  }

  /**
   * Whether the progress accumulated since the last flush should be written now. Always
   * when the instance ended, waits for something other than its jobs (people, messages,
   * timers, children, an operator), opened a user task or raised/resolved an incident, or
   * an update waits for it. While only service tasks
   * run back to back, the write is deferred (one local activity at the next wait instead of
   * one per task — W1/W5 in performance.md), but no longer than MAX_PROGRESS_LAG_MS of
   * workflow time, checked at the next event. `getState` is always live.
   */
  flushDue(): boolean {
    // inbox writes (ONE_WRITE_HANDOFF_PATCH) go with the next progress write, once every row of the burst is computed
    const queue = this.host.queue();
    if (queue.busy()) return false;
    if (queue.due()) return true;
    if (this.seq <= this.flushedSeq) return false;
    if (this.host.ended() || this.urgent || this.flushRequests > 0 || !this.deferWhileJobsRun || !this.host.jobsRunning()) return true;
    return Date.now() - this.firstUnflushedAt >= MAX_PROGRESS_LAG_MS;
  }

  /** writes element records and the instance projection accumulated since the last flush */
  async flush(): Promise<void> {
    const { input, localChain } = this.host;
    const upTo = this.seq;
    const view = this.host.view();
    const writer = this.writer();
    const { writes, written } = this.host.queue().take();
    await localChain.run(() => writer.recordProgress({
      ...(writes ? { inbox: writes } : {}),
      instanceId: input.instanceId,
      processKey: input.processKey,
      version: input.version,
      definitionId: input.definitionId,
      businessKey: input.businessKey,
      parentInstanceId: input.parentInstanceId,
      agency: this.host.agency(),
      workflowId: workflowInfo().workflowId,
      incidents: view.incidents,
      state: this.host.ended()?.state ?? view.state,
      activeElements: view.activeElements,
      variables: view.variables,
      elements: [...this.records.splice(0), ...this.host.drainRecords()],
      at: new Date().toISOString(),
    }));
    written();
    this.flushedSeq = Math.max(this.flushedSeq, upTo);
    if (this.flushedSeq === this.seq) this.urgent = false;
  }

  /**
   * Who writes this flush's progress. A local activity holds its workflow task open until it
   * completes, and Temporal starts the task's timers only when the task completes — while a timer's
   * instant counts from the task's start (the workflow clock). So after a timer was armed, unless an
   * update waits for the write (it answers in the same task) or the run ended, the write goes to an
   * ordinary activity (PROGRESS_AFTER_TIMER_PATCH): the task completes at once, the timer starts on
   * time and the progress follows a moment later, still in order (the local chain).
   */
  private writer(): typeof local {
    const armed = this.timerArmed;
    this.timerArmed = false;
    if (!armed || this.flushRequests > 0 || this.host.ended()) return local;
    this.progressAfterTimer ??= this.host.patches.has(PROGRESS_AFTER_TIMER_PATCH);
    return this.progressAfterTimer ? inbox : local;
  }
}

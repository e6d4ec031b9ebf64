/**
 * The inbox part of the process runtime (process-runtime.ts): the user tasks a run has open, their
 * inbox rows (created with their due date, closed when completed or cancelled, each close after its
 * creation), and what continueAsNew carries of them. Deterministic workflow code.
 *
 * Two ways to write the rows, chosen once per run (`host.withProgress()`, ONE_WRITE_HANDOFF_PATCH):
 * - runs before the patch: each row write is an ordinary activity of its own (createUserTask,
 *   closeUserTask), as their histories recorded;
 * - runs after it: the writes wait in a queue (InboxQueue) that the runtime's next progress write
 *   carries (ProgressInput.inbox) — a completion's close, the tasks it opened, the element history and
 *   the projection in one transaction, one local activity, no activity task of their own.
 */
import type { CloseUserTaskInput, CreateUserTaskInput, InboxWrites, RunProcessInput } from '@tthc/contracts';
import type { EngineCommand } from '@tthc/engine';
import { inbox } from './activity-proxies';
import type { OpenTask } from './resume-state';

/** what the inbox part needs from the runtime */
export interface InboxHost {
  readonly input: RunProcessInput;
  agency(): string | undefined;
  /** the task's due date (computeDue, one at a time): runtime-timers.ts */
  due(from: string, duration: string, calendar: 'working' | 'absolute', elementId: string): Promise<string | undefined>;
  track<T>(promise: Promise<T>): Promise<T>;
  /** the rows go with the progress (ONE_WRITE_HANDOFF_PATCH, asked once, at the first inbox write or guard) */
  withProgress(): boolean;
}

type OpenEntry = OpenTask & {
  /** resolves once the row is written */
  created: Promise<unknown>;
  /** the row is written, or queued before anything queued after now (a close may be queued at once) */
  ready: boolean;
};

export class RuntimeInbox {
  /** user tasks whose inbox rows exist (or are being created) and which wait for completeTask */
  readonly openTasks = new Map<string, OpenEntry>();
  /** writes waiting for the next progress write (runs after ONE_WRITE_HANDOFF_PATCH) */
  readonly queue = new InboxQueue();

  constructor(private readonly host: InboxHost) {}

  /** tasks carried over by continueAsNew: their rows exist */
  restore(tasks: OpenTask[]): void {
    for (const task of tasks) this.openTasks.set(task.taskId, { ...task, created: Promise.resolve(), ready: true });
  }

  /** creates the inbox row (with its due date); returns the write, which the completing update awaits */
  open(c: Extract<EngineCommand, { kind: 'openUserTask' }>): Promise<unknown> {
    const { input } = this.host;
    const createdAt = now();
    const agency = this.host.agency();
    const batched = this.host.withProgress();
    const entry: OpenEntry = { taskId: c.taskId, elementId: c.elementId, created: Promise.resolve(), ready: false };
    const rowOf = (dueAt: string | undefined): CreateUserTaskInput => ({
      taskId: c.taskId,
      instanceId: input.instanceId,
      processKey: input.processKey,
      version: input.version,
      businessKey: input.businessKey,
      elementId: c.elementId,
      elementInstanceId: c.elementInstanceId,
      name: c.name,
      step: c.step,
      formKey: c.formKey,
      assignee: c.assignee,
      candidateGroups: c.candidateGroups,
      agency,
      dueAt,
      variables: c.variables,
      createdAt,
      ...(input.dossierId ? { dossierId: input.dossierId } : {}),
    });
    const dueOf = () => (c.due ? this.host.due(createdAt, c.due, c.dueCalendar ?? 'working', c.elementId) : undefined);
    if (batched) {
      entry.created = this.queue.prepare(async () => rowOf(await dueOf()), (task) => {
        entry.ready = true;
        return this.queue.add({ open: [task] });
      });
    } else {
      // runs before the patch: the same promise chain as recorded (createUserTask scheduled at once when there is no due date)
      entry.created = (async () => {
        const dueAt = c.due ? await dueOf() : undefined;
        await inbox.createUserTask(rowOf(dueAt));
      })();
      void entry.created.then(() => (entry.ready = true), () => undefined);
    }
    this.openTasks.set(c.taskId, entry);
    void this.host.track(entry.created);
    return entry.created;
  }

  /** the engine cancelled the task (boundary event, cancel): its row is closed CANCELED */
  cancel(taskId: string): void {
    void this.host.track(this.close(taskId, { taskId, state: 'CANCELED', at: now() }));
  }

  /** closes the inbox row of a completed task, after its creation if that is still running */
  closeCompleted(taskId: string, by: string, variables?: Record<string, unknown>): Promise<unknown> {
    // the write also records the completion's audit entry (same transaction, once per task)
    return this.host.track(this.close(taskId, { taskId, state: 'COMPLETED', by, at: now(), ...(variables ? { variables } : {}) }));
  }

  private close(taskId: string, close: CloseUserTaskInput): Promise<unknown> {
    const task = this.openTasks.get(taskId);
    this.openTasks.delete(taskId);
    if (!this.host.withProgress()) return (task?.created ?? Promise.resolve()).then(() => inbox.closeUserTask(close));
    // queued behind its row (same write or an earlier one), or once the row's write is done
    if (!task || task.ready) return this.queue.add({ close: [close] });
    return task.created.then(() => this.queue.add({ close: [close] }));
  }

  ids(): string[] {
    return [...this.openTasks.keys()];
  }

  snapshot(): OpenTask[] {
    return [...this.openTasks.values()].map(({ taskId, elementId }) => ({ taskId, elementId }));
  }
}

/**
 * Inbox writes waiting for the run's next progress write (ONE_WRITE_HANDOFF_PATCH). `take()` hands
 * them to a write; `written()` resolves everyone who waited for them once that write is done.
 */
export class InboxQueue {
  private open: CreateUserTaskInput[] = [];
  private close: CloseUserTaskInput[] = [];
  private waiting: Array<() => void> = [];
  /** rows still computing their due date: a progress write waits for them (one write for the hand-off) */
  private preparing = 0;

  /** queues writes; resolves once a progress write carrying them is done */
  add(writes: InboxWrites): Promise<void> {
    this.open.push(...(writes.open ?? []));
    this.close.push(...(writes.close ?? []));
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** computes a row (its due date may take a local activity), then queues it with `queue` */
  prepare<T>(row: () => Promise<T>, queue: (row: T) => Promise<void>): Promise<void> {
    this.preparing += 1;
    return row().then(
      (value) => {
        this.preparing -= 1;
        return queue(value);
      },
      (err: unknown) => {
        this.preparing -= 1;
        throw err;
      },
    );
  }

  /** writes are queued and none is still being prepared: the next progress write should go now */
  due(): boolean {
    return this.waiting.length > 0 && this.preparing === 0;
  }

  /** a row is still being prepared (its write must go with the progress that follows) */
  busy(): boolean {
    return this.preparing > 0;
  }

  /** nothing queued nor being prepared (continueAsNew) */
  idle(): boolean {
    return this.waiting.length === 0 && this.preparing === 0;
  }

  /** the queued writes for one progress write, and what to call once it is done */
  take(): { writes?: InboxWrites; written: () => void } {
    if (this.waiting.length === 0) return { written: () => undefined };
    const writes: InboxWrites = { ...(this.open.length ? { open: this.open } : {}), ...(this.close.length ? { close: this.close } : {}) };
    const waiting = this.waiting;
    this.open = [];
    this.close = [];
    this.waiting = [];
    return { writes, written: () => waiting.forEach((resolve) => resolve()) };
  }
}

function now(): string {
  return new Date().toISOString();
}

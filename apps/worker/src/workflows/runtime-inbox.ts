/**
 * The inbox part of the process runtime (process-runtime.ts): the user tasks a run has open, their
 * inbox rows (created with their due date, closed when completed or cancelled, each close after its
 * creation), and what continueAsNew carries of them. Deterministic workflow code.
 */
import type { RunProcessInput } from '@tthc/contracts';
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
}

export class RuntimeInbox {
  /** user tasks whose inbox rows exist (or are being created) and which wait for completeTask */
  readonly openTasks = new Map<string, OpenTask & { created: Promise<unknown> }>();

  constructor(private readonly host: InboxHost) {}

  /** tasks carried over by continueAsNew: their rows exist */
  restore(tasks: OpenTask[]): void {
    for (const task of tasks) this.openTasks.set(task.taskId, { ...task, created: Promise.resolve() });
  }

  /** creates the inbox row (with its due date); returns the write, which the completing update awaits */
  open(c: Extract<EngineCommand, { kind: 'openUserTask' }>): Promise<unknown> {
    const { input } = this.host;
    const createdAt = now();
    const agency = this.host.agency();
    const created = (async () => {
      const dueAt = c.due ? await this.host.due(createdAt, c.due, c.dueCalendar ?? 'working', c.elementId) : undefined;
      await inbox.createUserTask({
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
    })();
    this.openTasks.set(c.taskId, { taskId: c.taskId, elementId: c.elementId, created });
    void this.host.track(created);
    return created;
  }

  /** the engine cancelled the task (boundary event, cancel): its row is closed CANCELED */
  cancel(taskId: string): void {
    const task = this.openTasks.get(taskId);
    this.openTasks.delete(taskId);
    const at = now();
    void this.host.track((task?.created ?? Promise.resolve()).then(() => inbox.closeUserTask({ taskId, state: 'CANCELED', at })));
  }

  /** closes the inbox row of a completed task, after its creation if that is still running */
  closeCompleted(taskId: string, by: string, variables?: Record<string, unknown>): Promise<unknown> {
    const task = this.openTasks.get(taskId);
    this.openTasks.delete(taskId);
    const at = now();
    // the activity also writes the completion's audit entry (same transaction, once per task)
    return this.host.track((task?.created ?? Promise.resolve()).then(() => inbox.closeUserTask({ taskId, state: 'COMPLETED', by, at, ...(variables ? { variables } : {}) })));
  }

  ids(): string[] {
    return [...this.openTasks.keys()];
  }

  snapshot(): OpenTask[] {
    return [...this.openTasks.values()].map(({ taskId, elementId }) => ({ taskId, elementId }));
  }
}

function now(): string {
  return new Date().toISOString();
}

/**
 * The timer part of the process runtime (process-runtime.ts): BPMN timers armed in their own
 * cancellation scopes, their instants, the due dates of user tasks, and what calendar-changes.ts
 * needs to re-arm pending working-time timers. Absolute time is computed in the workflow. Working
 * time is computed in the workflow too when the run has a calendar pinned in its input
 * (pinned-calendar.ts: the arming workflow task runs no activity, so the timer starts on time);
 * otherwise — runs before WORKFLOW_CALENDAR_PATCH, or after a calendar change that brought no
 * snapshot — through the computeDue local activity, so the instant is in history. Deterministic.
 */
import { CancellationScope, isCancellation, log, patched, sleep, TemporalFailure } from '@temporalio/workflow';
import type { CalendarSnapshot } from '@tthc/calendar/src/calendar-snapshot';
import type { PendingTimerView } from '@tthc/contracts';
import type { EngineCommand } from '@tthc/engine';
import { local } from './activity-proxies';
import type { WorkingTimerSpec } from './calendar-changes';
import { addIsoDuration, cycleInstant } from './iso-duration';
import type { PinnedCalendar } from './pinned-calendar';
import { SERIAL_DUE_PATCH } from './runtime-patches';

type StartTimer = Extract<EngineCommand, { kind: 'startTimer' }>;

/** what the timers need from the runtime */
export interface TimerHost {
  readonly instanceId: string;
  agency(): string | undefined;
  /** a timer reached its instant: the engine's timerFired */
  fire(timerId: string): void;
  /** the run's serial chain of local activities (local-chain.ts) */
  serialLocal?<T>(call: () => Promise<T>): Promise<T>;
  /** the run's patched() (run-patches.ts; default the SDK's) */
  patched?(id: string): boolean;
}

export class RuntimeTimers {
  private readonly timers = new Map<string, { scope: CancellationScope; fireAt?: string }>();
  /** pending working-time timers: how their instant was computed (calendar-changes.ts recomputes it) */
  readonly workingTimers = new Map<string, WorkingTimerSpec>();
  private readonly timerMeta = new Map<string, { elementId: string; calendar: 'working' | 'absolute' }>();
  private dueChain: Promise<unknown> = Promise.resolve();
  private serialDue?: boolean;
  /** the calendar pinned in the input (WORKFLOW_CALENDAR_PATCH); undefined: computeDue activities */
  pinned?: PinnedCalendar;

  constructor(private readonly host: TimerHost) {}

  /** timers carried over by continueAsNew: their instants are known */
  restore(timers: Record<string, string>, workingTimers: Record<string, WorkingTimerSpec> | undefined): void {
    for (const [timerId, fireAt] of Object.entries(timers)) this.arm(timerId, async () => fireAt);
    for (const [timerId, spec] of Object.entries(workingTimers ?? {})) this.workingTimers.set(timerId, spec);
  }

  start(c: StartTimer): void {
    this.arm(c.timerId, () => this.instant(c));
  }

  cancel(timerId: string): void {
    this.timers.get(timerId)?.scope.cancel();
    this.timers.delete(timerId);
    this.forget(timerId);
  }

  ids(): string[] {
    return [...this.timers.keys()];
  }

  /** every pending timer has its instant (none is being computed) */
  allComputed(): boolean {
    for (const timer of this.timers.values()) if (!timer.fireAt) return false;
    return true;
  }

  /** what continueAsNew carries: pending instants and how the working-time ones were computed */
  snapshot(): { timers: Record<string, string>; workingTimers: Record<string, WorkingTimerSpec> } {
    const timers: Record<string, string> = {};
    for (const [id, t] of this.timers) if (t.fireAt) timers[id] = t.fireAt;
    const workingTimers = Object.fromEntries([...this.workingTimers].filter(([id]) => timers[id]));
    return { timers, workingTimers };
  }

  /** a due date the calendar cannot compute (bad duration…) leaves the task without one, logged; one at a time (SERIAL_DUE_PATCH) */
  due(from: string, duration: string, calendar: 'working' | 'absolute', elementId: string, calendarVersion?: string): Promise<string | undefined> {
    if (this.pinned) return Promise.resolve(this.computeDuePinned(this.pinned, from, duration, calendar, elementId));
    this.serialDue ??= (this.host.patched ?? patched)(SERIAL_DUE_PATCH);
    if (!this.serialDue) return this.computeDueNow(from, duration, calendar, elementId, calendarVersion);
    const next = this.dueChain.then(() => this.computeDueNow(from, duration, calendar, elementId, calendarVersion));
    this.dueChain = next;
    return next;
  }

  /** in the workflow, from the pinned calendar: what the computeDue activity answers, without it */
  private computeDuePinned(pinned: PinnedCalendar, from: string, duration: string, calendar: 'working' | 'absolute', elementId: string): string | undefined {
    try {
      return pinned.due({ from, duration, calendar, agency: this.host.agency() });
    } catch (err) {
      log.warn('due date not computed', { instanceId: this.host.instanceId, elementId, duration, error: errorMessage(err) });
      return undefined;
    }
  }

  private async computeDueNow(from: string, duration: string, calendar: 'working' | 'absolute', elementId: string, calendarVersion?: string): Promise<string | undefined> {
    try {
      const call = () => local.computeDue({ from, duration, calendar, agency: this.host.agency(), ...(calendarVersion ? { calendarVersion } : {}) });
      return await (this.host.serialLocal ? this.host.serialLocal(call) : call());
    } catch (err) {
      log.warn('due date not computed', { instanceId: this.host.instanceId, elementId, duration, error: errorMessage(err) });
      return undefined;
    }
  }

  private async instant(c: StartTimer): Promise<string> {
    const { type, value } = c.timer;
    this.timerMeta.set(c.timerId, { elementId: c.elementId, calendar: c.calendar === 'working' ? 'working' : 'absolute' });
    if (type === 'date') return new Date(value).toISOString();
    if (type === 'cycle') return cycleInstant(value, c.startedAt, c.repetition ?? 0);
    if (c.calendar === 'working') {
      // through an activity, so the computed instant is recorded in history (calendars change);
      // if the calendar cannot compute it, the timer counts absolute time rather than never firing
      const due = await this.due(c.startedAt, value, 'working', c.elementId);
      if (due) {
        this.workingTimers.set(c.timerId, { elementId: c.elementId, from: c.startedAt, duration: value });
        return due;
      }
    }
    return addIsoDuration(c.startedAt, value);
  }

  private arm(timerId: string, instant: () => Promise<string>): void {
    const scope = new CancellationScope();
    const entry: { scope: CancellationScope; fireAt?: string } = { scope };
    this.timers.set(timerId, entry);
    scope
      .run(async () => {
        entry.fireAt = await instant();
        const delay = new Date(entry.fireAt).getTime() - Date.now();
        if (delay > 0) await sleep(delay);
      })
      .then(
        () => {
          if (this.timers.delete(timerId)) {
            this.forget(timerId);
            this.host.fire(timerId);
          }
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  }

  private forget(timerId: string): void {
    this.workingTimers.delete(timerId);
    this.timerMeta.delete(timerId);
  }

  pendingFireAt(timerId: string): string | undefined {
    return this.timers.get(timerId)?.fireAt;
  }

  workingDue(spec: WorkingTimerSpec, calendarVersion?: string): Promise<string | undefined> {
    return this.due(spec.from, spec.duration, 'working', spec.elementId, calendarVersion);
  }

  /** a calendar change: re-pin its snapshot, or fall back to computeDue activities when it brought none (pinned runs only) */
  repin(snapshot: CalendarSnapshot | undefined): void {
    if (this.pinned) this.pinned = this.pinned.repinned(snapshot);
  }

  rearm(timerId: string, fireAt: string): void {
    this.timers.get(timerId)?.scope.cancel();
    this.arm(timerId, async () => fireAt);
  }

  views(): PendingTimerView[] {
    return [...this.timers].map(([timerId, t]) => ({ timerId, ...this.timerMeta.get(timerId), ...(t.fireAt ? { fireAt: t.fireAt } : {}) }));
  }
}

export function errorMessage(err: unknown): string {
  // ActivityFailure / ChildWorkflowFailure wrap the real reason
  if (err instanceof TemporalFailure && err.cause) return errorMessage(err.cause);
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/**
 * Working-time timers after a calendar change (CALENDAR_CHANGED_SIGNAL). A working-time timer's
 * instant is computed once — in the workflow from the calendar pinned in the input, or through the
 * computeDue activity — so it is in the history (input, signal or activity result) and a replay
 * never depends on today's calendar. When an administrator changes the calendar and asks running
 * dossiers to follow, a run with a pinned calendar first re-pins the snapshot the signal brings
 * (none: it falls back to the activity), then each pending working-time timer is computed again
 * from the same start and duration and re-armed when its instant moved. Runs before the
 * `tthc-calendar-changed` patch never received the signal, so their histories replay unchanged.
 */
import { log } from '@temporalio/workflow';
import type { CalendarSnapshot } from '@tthc/calendar/src/calendar-snapshot';
import type { CalendarChangedArgs, PendingTimerView } from '@tthc/contracts';
import type { PatchAsker } from './run-patches';

/** patch id: the calendarChanged signal re-arms pending working-time timers */
export const CALENDAR_CHANGED_PATCH = 'tthc-calendar-changed';

/** how a working-time timer's instant was computed (kept to compute it again) */
export interface WorkingTimerSpec {
  elementId: string;
  /** the instant the timer started counting */
  from: string;
  /** ISO 8601 duration of working time */
  duration: string;
}

/** what calendar-changes needs from the runtime (ProcessRuntime implements it) */
export interface RecalendarableRuntime {
  /** the run's patches (RunPatches: a patch set the run took stands for CALENDAR_CHANGED_PATCH) */
  readonly patches: PatchAsker;
  readonly workingTimers: Map<string, WorkingTimerSpec>;
  /** the pending timer's current instant, undefined when it is not pending (fired, cancelled) or not computed yet */
  pendingFireAt(timerId: string): string | undefined;
  /** computeDue through the local activity (at least that calendar version); undefined when the calendar cannot compute it */
  workingDue(spec: WorkingTimerSpec, calendarVersion?: string): Promise<string | undefined>;
  /** cancels the pending timer and arms it again for `fireAt` (same timer id: the engine sees one firing) */
  rearmTimer(timerId: string, fireAt: string): void;
  /** a run with a pinned calendar takes the changed one (none: computeDue activities from now on) */
  repinCalendar(snapshot: CalendarSnapshot | undefined): void;
  track<T>(promise: Promise<T>): Promise<T>;
  timerViews(): PendingTimerView[];
}

/** one recomputation at a time, in signal order (a second signal waits for the first) */
const chains = new WeakMap<RecalendarableRuntime, Promise<unknown>>();

/** the calendarChanged signal handler: recompute, in order, behind the patch */
export function onCalendarChanged(runtime: RecalendarableRuntime, args: CalendarChangedArgs = {}): void {
  if (!runtime.patches.has(CALENDAR_CHANGED_PATCH)) return;
  const previous = chains.get(runtime) ?? Promise.resolve();
  const next = previous.then(() => {
    runtime.repinCalendar(args.calendar);
    return recomputeWorkingTimers(runtime, args);
  });
  chains.set(runtime, next);
  void runtime.track(next);
}

/** re-arms each pending working-time timer whose instant moved; returns the timers that moved */
export async function recomputeWorkingTimers(runtime: RecalendarableRuntime, { by, calendarVersion }: CalendarChangedArgs = {}): Promise<string[]> {
  const moved: string[] = [];
  for (const [timerId, spec] of [...runtime.workingTimers]) {
    const before = runtime.pendingFireAt(timerId);
    if (!before) continue;
    const due = await runtime.workingDue(spec, calendarVersion);
    // fired, cancelled or already re-armed while the activity ran: nothing to move
    if (!due || runtime.pendingFireAt(timerId) !== before) continue;
    if (new Date(due).getTime() === new Date(before).getTime()) continue;
    runtime.rearmTimer(timerId, new Date(due).toISOString());
    moved.push(timerId);
    log.info('working-time timer moved by a calendar change', { timerId, elementId: spec.elementId, from: before, to: due, by });
  }
  return moved;
}

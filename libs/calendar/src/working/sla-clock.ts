import { CalendarError, CalendarErrorCode } from '../errors/calendar-error';
import { type Instant, formatInstant, toEpochMs } from '../time/instant.util';
import { formatWorkingDuration } from '../time/iso-duration.util';
import type { WorkingCalendar, WorkingTimeOptions } from './working-calendar';

/**
 * An SLA clock as plain JSON (fits workflow state and database columns). While paused
 * (supplement request, §3.5) the remaining working time is kept; on resume the due date
 * is recomputed from the resume instant. Remaining time may be negative (already overdue).
 */
export interface SlaClock {
  state: 'running' | 'paused';
  startedAt: string;
  /** working-time budget (ISO duration as given) */
  budget: string;
  /** current due instant; null while paused */
  dueAt: string | null;
  /** working time left (ms) at the last pause; while running: at the last start/resume */
  remainingMs: number;
  pausedAt: string | null;
  pauses: Array<{ from: string; to: string | null }>;
  agency?: string;
}

function clockError(message: string, clock: SlaClock): CalendarError {
  return new CalendarError(CalendarErrorCode.INVALID_CLOCK_STATE, message, { state: clock.state });
}

export function startSlaClock(cal: WorkingCalendar, start: Instant, budget: string, opts: WorkingTimeOptions = {}): SlaClock {
  const ms = toEpochMs(start);
  const budgetMs = cal.durationMs(budget);
  return {
    state: 'running',
    startedAt: formatInstant(ms),
    budget,
    dueAt: formatInstant(cal.addWorkingTimeMs(ms, budgetMs, opts)),
    remainingMs: budgetMs,
    pausedAt: null,
    pauses: [],
    ...(opts.agency ? { agency: opts.agency } : {}),
  };
}

export function pauseSlaClock(cal: WorkingCalendar, clock: SlaClock, at: Instant): SlaClock {
  if (clock.state !== 'running' || !clock.dueAt) throw clockError('the SLA clock is already paused', clock);
  const ms = toEpochMs(at);
  const remainingMs = cal.workingTimeBetweenMs(ms, toEpochMs(clock.dueAt), { agency: clock.agency });
  const from = formatInstant(ms);
  return { ...clock, state: 'paused', dueAt: null, remainingMs, pausedAt: from, pauses: [...clock.pauses, { from, to: null }] };
}

export function resumeSlaClock(cal: WorkingCalendar, clock: SlaClock, at: Instant): SlaClock {
  if (clock.state !== 'paused') throw clockError('the SLA clock is not paused', clock);
  const ms = toEpochMs(at);
  if (clock.pausedAt && ms < toEpochMs(clock.pausedAt)) throw clockError('resume instant is before the pause', clock);
  const opts = { agency: clock.agency };
  // Resuming with time left: due = resume + remaining; overdue clocks stay overdue by the same working time.
  const due = clock.remainingMs > 0 ? cal.addWorkingTimeMs(ms, clock.remainingMs, opts) : cal.subtractWorkingTimeMs(cal.normaliseMs(ms, opts), -clock.remainingMs, opts);
  const to = formatInstant(ms);
  const pauses = clock.pauses.map((p, i) => (i === clock.pauses.length - 1 ? { ...p, to } : p));
  return { ...clock, state: 'running', dueAt: formatInstant(due), pausedAt: null, pauses };
}

/** Working time left on a clock at an instant (ISO duration with 8-hour days, negative when overdue). */
export function slaRemaining(cal: WorkingCalendar, clock: SlaClock, at: Instant): string {
  if (clock.state === 'paused' || !clock.dueAt) return formatWorkingDuration(clock.remainingMs);
  return formatWorkingDuration(cal.workingTimeBetweenMs(toEpochMs(at), toEpochMs(clock.dueAt), { agency: clock.agency }));
}

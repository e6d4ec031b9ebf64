/**
 * Poison instances (POISON_INCIDENTS_PATCH): a workflow task that fails the same way on
 * every attempt — an engine error (unknown start event, runaway loop), an instance state
 * too large for Temporal's payload limit — would be retried by Temporal forever and the
 * instance would sit ACTIVE with nothing to see. With the guard the runtime rolls the
 * engine back to its state before the event, and raises an *adapter incident* on the
 * element the event was for: visible like an engine incident (getState, projection),
 * retried with the retryIncident update (the failed start or event is run again, with the
 * operator's variables merged in), and cancel always ends the instance.
 */
import type { EngineEvent, EngineState } from '@tthc/engine';
import type { ExecutableGraph } from '@tthc/contracts';

/** patch id: deterministic failures become incidents (EngineOptions.limits, adapter incidents, state size) */
export const POISON_INCIDENTS_PATCH = 'tthc-poison-incidents';

/** Temporal's default payload limit (blob size error) */
const PAYLOAD_LIMIT_BYTES = 2 * 1024 * 1024;
/** headroom for the rest of a continueAsNew input / activity input around the state */
const HEADROOM_BYTES = 256 * 1024;

export interface AdapterIncident {
  id: string;
  elementId: string;
  message: string;
  /** what retry runs again: the start, or the event that failed */
  retry: { kind: 'start' } | { kind: 'event'; event: EngineEvent };
}

/** the largest engine state (UTF-8 bytes of its JSON) a run may keep: the continue-as-new input also carries the graph */
export function stateLimitBytes(graph: ExecutableGraph): number {
  return Math.min(1_500_000, PAYLOAD_LIMIT_BYTES - HEADROOM_BYTES - utf8Length(JSON.stringify(graph), 0));
}

/** UTF-8 length of a string, without TextEncoder; cheap when every character could be 3 bytes and still fit */
export function utf8Length(text: string, atMost = Infinity): number {
  if (text.length * 3 <= atMost) return text.length * 3;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** an engine state with nothing running: what a run whose start failed holds until it is retried or cancelled */
export function emptyState(instanceId: string): EngineState {
  return { format: 1, instanceId, rootId: '', status: 'ACTIVE', instances: {}, subs: {}, joins: {}, incidents: {}, waits: {}, completedTasks: [], buffered: [] };
}

/** the element an event was for (the waiting task, job, child, timer, incident), read from the state before it */
export function elementOfEvent(state: EngineState, event: EngineEvent, fallback: string): string {
  const inst = (id: string | undefined) => (id ? state.instances[id]?.elementId : undefined);
  switch (event.kind) {
    case 'jobCompleted':
    case 'jobBpmnError':
    case 'jobFailed':
      return inst(state.waits[event.jobId]) ?? fallback;
    case 'userTaskCompleted':
      return inst(state.waits[event.taskId]) ?? fallback;
    case 'childCompleted':
    case 'childFailed':
    case 'childEscalated':
      return inst(state.waits[event.childId]) ?? fallback;
    case 'timerFired':
      return Object.values(state.subs).find((s) => s.timerId === event.timerId)?.elementId ?? fallback;
    case 'retryIncident':
      return state.incidents[event.incidentId]?.elementId ?? fallback;
    default:
      return fallback;
  }
}

/** the event again, with the operator's retry variables merged over the ones it carried */
export function withRetryVariables(event: EngineEvent, variables: Record<string, unknown> | undefined): EngineEvent {
  if (!variables || !('variables' in event || canCarryVariables(event))) return event;
  return { ...event, variables: { ...((event as { variables?: Record<string, unknown> }).variables ?? {}), ...variables } } as EngineEvent;
}

function canCarryVariables(event: EngineEvent): boolean {
  return ['jobCompleted', 'jobBpmnError', 'userTaskCompleted', 'messageReceived', 'signalReceived', 'childCompleted', 'retryIncident'].includes(event.kind);
}

export function failureMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

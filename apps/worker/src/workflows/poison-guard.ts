/**
 * Poison instances (POISON_INCIDENTS_PATCH): a workflow task that fails the same way on
 * every attempt — an engine error (unknown start event, runaway loop), an instance state
 * too large for Temporal's payload limit — would be retried by Temporal forever and the
 * instance would sit ACTIVE with nothing to see. With the guard the runtime rolls the
 * engine back to its state before the event, and raises an *adapter incident* on the
 * element the event was for: visible like an engine incident (getState, projection),
 * retried with the retryIncident update (the failed start or event is run again, with the
 * operator's variables merged in), and cancel always ends the instance. `PoisonGuard` is that
 * rollback, used by the process runtime (process-runtime.ts) in guarded runs. Deterministic workflow code.
 */
import { log, uuid4 } from '@temporalio/workflow';
import { ProcessEngine, type EngineCommand, type EngineEvent, type EngineOptions, type EngineState } from '@tthc/engine';
import type { ExecutableGraph, RunProcessInput } from '@tthc/contracts';

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

/** what the guard needs from the process runtime */
export interface GuardHost {
  readonly input: RunProcessInput;
  readonly options: EngineOptions;
  /** the run's adapter incidents (the runtime's view, projection and resume state read them) */
  readonly incidents: Map<string, AdapterIncident>;
  /** the progress part: element records kept aside for the next write, and "write at once" */
  readonly progress: { readonly records: ReturnType<ProcessEngine['drainRecords']>; urgent: boolean };
  engine(): ProcessEngine;
  /** the rolled-back or restarted engine becomes the run's engine */
  setEngine(engine: ProcessEngine): void;
  /** the commands that end the run CANCELED without the engine */
  forcedCancel(reason?: string): EngineCommand[];
}

/** the engine's start and events with rollback (runs after POISON_INCIDENTS_PATCH) */
export class PoisonGuard {
  /** the engine state after the last event that went through, as JSON (the rollback point) */
  private checkpoint?: string;
  private readonly stateLimit: number;

  constructor(private readonly host: GuardHost) {
    this.stateLimit = stateLimitBytes(host.input.graph);
  }

  /** ProcessEngine.start; a start that throws or whose state is too large leaves an empty engine and an incident on the start element */
  start(variables: Record<string, unknown>): { engine: ProcessEngine; commands: EngineCommand[] } {
    const { input, options } = this.host;
    const element = input.startEventId ?? input.graph.processKey;
    try {
      const started = ProcessEngine.start(input.graph, variables, options, { startEventId: input.startEventId });
      const state = started.engine.serialize();
      this.checkState(state);
      this.checkpoint = state;
      this.host.progress.records.push(...started.engine.drainRecords());
      return started;
    } catch (err) {
      this.raise(element, `the instance could not start: ${failureMessage(err)}`, { kind: 'start' });
      const engine = ProcessEngine.restore(input.graph, emptyState(input.instanceId), options);
      this.checkpoint = engine.serialize();
      return { engine, commands: [] };
    }
  }

  /** engine.handle with rollback: an event that throws or makes the state too large is undone and becomes an incident */
  handle(event: EngineEvent): EngineCommand[] {
    const host = this.host;
    const before = (this.checkpoint ??= host.engine().serialize());
    let commands: EngineCommand[];
    try {
      commands = host.engine().handle(event);
      const after = host.engine().serialize();
      this.checkState(after);
      this.checkpoint = after;
    } catch (err) {
      const state = JSON.parse(before) as EngineState;
      host.setEngine(ProcessEngine.restore(host.input.graph, state, host.options));
      this.checkpoint = before;
      if (event.kind === 'cancel') return host.forcedCancel(failureMessage(err));
      const element = elementOfEvent(state, event, host.input.graph.processKey);
      this.raise(element, `${event.kind} could not be processed: ${failureMessage(err)}`, { kind: 'event', event });
      return [];
    }
    host.progress.records.push(...host.engine().drainRecords());
    // a cancel of a run whose start failed: the engine has no root to end, the adapter ends the run
    if (event.kind === 'cancel' && !commands.some((c) => c.kind === 'ended')) return [...commands, ...host.forcedCancel()];
    return commands;
  }

  /**
   * retryIncident of an adapter incident: the start or the failed event once more, with the operator's variables;
   * returns the commands to carry out (a restarted start is the run's engine by then)
   */
  retry(incidentId: string, variables: Record<string, unknown> | undefined): EngineCommand[] {
    const host = this.host;
    const incident = host.incidents.get(incidentId)!;
    host.incidents.delete(incidentId);
    host.progress.urgent = true;
    if (incident.retry.kind === 'event') return this.handle(withRetryVariables(incident.retry.event, variables));
    const started = this.start({ ...(host.input.variables ?? {}), ...(variables ?? {}) });
    host.setEngine(started.engine);
    return started.commands;
  }

  private checkState(json: string): void {
    const bytes = utf8Length(json, this.stateLimit);
    if (bytes > this.stateLimit) {
      throw new Error(`the instance state would be ${bytes} bytes, over the limit of ${this.stateLimit} (Temporal payload limit); make variables smaller`);
    }
  }

  private raise(elementId: string, message: string, retry: AdapterIncident['retry']): void {
    const id = uuid4();
    this.host.incidents.set(id, { id, elementId, message, retry });
    log.warn('incident raised', { instanceId: this.host.input.instanceId, elementId, message });
    this.host.progress.urgent = true;
  }
}

/**
 * ProcessEngine: the public face of the interpreter (protocol in api.ts).
 * `handle` is synchronous and deterministic: ids come from options.newId(), time from
 * options.now(); the state is plain JSON (snapshot / restore for continueAsNew).
 */
import type { ElementRecord, ExecutableGraph, ModificationInstruction, ModificationProblem, ProcessStateView } from '@tthc/contracts';
import type { CompletionCheck, EngineCommand, EngineContract, EngineEvent, EngineOptions } from './api';
import { childResult, openEventSubprocesses } from './behaviours';
import { EngineError } from './errors';
import { ExpressionError, withClock } from './expressions';
import { FEEL_LIMITS } from './feel-limits';
import { arrive, complete, terminate } from './flow';
import { checkConditions } from './conditions';
import { checkInclusiveJoins } from './gateways';
import { GraphIndex } from './graph-index';
import { raiseIncident } from './incidents';
import { propagate } from './propagation';
import { retryIncident } from './retry';
import { applyModification, checkModification } from './modification';
import { Runtime } from './runtime';
import type { EngineState } from './state';
import { escalate, throwError } from './throw-events';
import { onMessage, onSignal, onTimer } from './triggers';
import { isVariables } from './variables';

export interface StartOptions {
  /** start at this start event (timer / signal / message start); default: the none start event */
  startEventId?: string;
  /** start at the message start event for this message name */
  messageName?: string;
}

export class ProcessEngine implements EngineContract {
  private readonly rt: Runtime;

  private constructor(graph: ExecutableGraph, state: EngineState, options: EngineOptions) {
    this.rt = new Runtime(new GraphIndex(graph), state, options);
    this.rt.onIdle = (rt) => checkInclusiveJoins(rt) || checkConditions(rt);
  }

  static start(graph: ExecutableGraph, variables: Record<string, unknown> = {}, options: EngineOptions, start: StartOptions = {}): { engine: ProcessEngine; commands: EngineCommand[] } {
    if (!graph || graph.format !== 1 || !graph.root) throw new EngineError('unsupported graph format');
    if (!isVariables(variables)) throw new EngineError('variables must be an object');
    const state: EngineState = { format: 1, instanceId: options.instanceId, rootId: '', status: 'ACTIVE', instances: {}, subs: {}, joins: {}, incidents: {}, waits: {}, completedTasks: [], buffered: [] };
    const engine = new ProcessEngine(graph, state, options);
    return withClock(options.now, () => engine.begin(graph, variables, start), options.limits ? FEEL_LIMITS : undefined);
  }

  private begin(graph: ExecutableGraph, variables: Record<string, unknown>, start: StartOptions): { engine: ProcessEngine; commands: EngineCommand[] } {
    const rt = this.rt;
    const state = rt.state;
    const startId = pickStart(graph, start);
    const root = rt.create(graph.processKey, 'process', null, { vars: JSON.parse(JSON.stringify(variables)) });
    state.rootId = root.id;
    try {
      openEventSubprocesses(rt, root, graph.root);
    } catch (err) {
      // e.g. a timer start of an event subprocess whose FEEL value is null: visible, not fatal
      if (!(err instanceof ExpressionError)) throw err;
      raiseIncident(rt, root, err.message, 'none');
    }
    if (startId) complete(rt, rt.create(startId, 'startEvent', root.id));
    else for (const id of graph.root.implicitStarts ?? []) arrive(rt, root.id, id, null);
    rt.run();
    return { engine: this, commands: this.flush() };
  }

  static restore(graph: ExecutableGraph, snapshot: unknown, options: EngineOptions): ProcessEngine {
    const s = snapshot as EngineState;
    if (!s || s.format !== 1 || !s.instances) throw new EngineError('not an engine snapshot');
    return new ProcessEngine(graph, JSON.parse(JSON.stringify(s)), options);
  }

  get ended(): boolean {
    return this.rt.state.status !== 'ACTIVE';
  }

  handle(event: EngineEvent): EngineCommand[] {
    if (this.ended) return [];
    return withClock(this.rt.options.now, () => this.apply(event), this.rt.options.limits ? FEEL_LIMITS : undefined);
  }

  private apply(event: EngineEvent): EngineCommand[] {
    const rt = this.rt;
    const st = rt.state;
    const take = (handle: string) => {
      const inst = rt.inst(st.waits[handle]);
      delete st.waits[handle];
      return inst;
    };
    switch (event.kind) {
      case 'jobCompleted': {
        const inst = take(event.jobId);
        if (inst) { delete inst.jobId; complete(rt, inst, vars(event.variables)); }
        break;
      }
      case 'jobBpmnError': {
        const inst = take(event.jobId);
        if (!inst) break;
        delete inst.jobId;
        if (!propagate(rt, inst, 'error', event.errorCode, vars(event.variables) ?? {}, event.message)) raiseIncident(rt, inst, `unhandled BPMN error '${event.errorCode}'${event.message ? ': ' + event.message : ''}`, 'job');
        break;
      }
      case 'jobFailed': {
        const inst = take(event.jobId);
        if (inst) { delete inst.jobId; raiseIncident(rt, inst, event.message, 'job'); }
        break;
      }
      case 'userTaskCompleted': {
        const inst = take(event.taskId);
        if (!inst) break;
        delete inst.taskId;
        st.completedTasks.push(event.taskId);
        complete(rt, inst, vars(event.variables), event.by);
        break;
      }
      case 'timerFired':
        onTimer(rt, event.timerId);
        break;
      case 'messageReceived':
        onMessage(rt, event.name, event.correlationKey, vars(event.variables) ?? {});
        break;
      case 'signalReceived':
        onSignal(rt, event.name, vars(event.variables) ?? {});
        break;
      case 'childCompleted': {
        const inst = take(event.childId);
        if (inst) { delete inst.childId; complete(rt, inst, childResult(rt.node(inst.elementId), vars(event.variables))); }
        break;
      }
      case 'childFailed': {
        const inst = take(event.childId);
        if (!inst) break;
        delete inst.childId;
        const code = event.errorCode;
        if (code !== undefined) throwError(rt, inst, code, {}, event.message);
        else raiseIncident(rt, inst, event.message, 'child');
        break;
      }
      case 'childEscalated': {
        // the child goes on: the call activity stays waiting for it unless an interrupting catch ends it
        const inst = rt.inst(st.waits[event.childId]);
        if (inst) escalate(rt, inst, event.escalationCode);
        break;
      }
      case 'retryIncident':
        retryIncident(rt, event.incidentId, vars(event.variables));
        break;
      case 'modify': {
        const problems = checkModification(rt.idx, st, event.instructions);
        if (problems.length) throw new EngineError(`modification refused: ${problems.map((p) => p.message).join('; ')}`);
        applyModification(rt, event.instructions);
        break;
      }
      case 'cancel': {
        const root = rt.inst(st.rootId);
        if (root) {
          const variables = root.vars ?? {};
          terminate(rt, root);
          st.status = 'CANCELED';
          st.finalVariables = variables;
          rt.emit({ kind: 'ended', state: 'CANCELED', variables });
        }
        break;
      }
      default:
        throw new EngineError(`unknown event kind '${(event as { kind?: string }).kind}'`);
    }
    rt.run();
    return this.flush();
  }

  validateUserTaskCompletion(taskId: string, variables?: Record<string, unknown>): CompletionCheck {
    const st = this.rt.state;
    if (st.completedTasks.includes(taskId)) return { ok: false, code: 'ALREADY_COMPLETED', message: `task ${taskId} is already completed` };
    if (!st.waits[taskId] || !this.rt.inst(st.waits[taskId])?.taskId) return { ok: false, code: 'UNKNOWN_TASK', message: `task ${taskId} is not open in this instance` };
    if (variables !== undefined && !isVariables(variables)) return { ok: false, code: 'INVALID_VARIABLES', message: 'variables must be a JSON object' };
    return { ok: true };
  }

  /** what a token modification would refuse (empty: it can be applied) */
  checkModification(instructions: ModificationInstruction[]): ModificationProblem[] {
    return checkModification(this.rt.idx, this.rt.state, instructions);
  }

  view(): ProcessStateView {
    const st = this.rt.state;
    const activeElements: Record<string, number> = {};
    for (const i of Object.values(st.instances)) {
      if (i.type === 'process' || i.type === 'multiInstanceBody') continue;
      activeElements[i.elementId] = (activeElements[i.elementId] ?? 0) + 1;
    }
    for (const [k, tokens] of Object.entries(st.joins)) {
      const gw = k.slice(k.lastIndexOf('|') + 1);
      const n = Object.values(tokens).reduce((a, b) => a + b, 0);
      if (n > 0) activeElements[gw] = (activeElements[gw] ?? 0) + n;
    }
    const root = this.rt.inst(st.rootId);
    return {
      instanceId: st.instanceId,
      state: st.status,
      activeElements,
      variables: JSON.parse(JSON.stringify(root?.vars ?? st.finalVariables ?? {})),
      incidents: Object.values(st.incidents).map((i) => ({ id: i.id, elementId: i.elementId, message: i.message })),
    };
  }

  drainRecords(): ElementRecord[] {
    const r = this.rt.records;
    this.rt.records = [];
    return r;
  }

  /** the state as JSON text (no copy): its size, or a checkpoint to `restore(graph, JSON.parse(text))` from */
  serialize(): string {
    return JSON.stringify(this.rt.state);
  }

  snapshot(): EngineState {
    return JSON.parse(JSON.stringify(this.rt.state));
  }

  /** open message / signal subscriptions (for routing messages and signals to this instance) */
  subscriptions(): { messages: Array<{ name: string; correlationKey?: string }>; signals: string[] } {
    const subs = Object.values(this.rt.state.subs);
    return {
      messages: subs.filter((s) => s.kind === 'message').map((s) => ({ name: s.name!, ...(s.correlationKey !== undefined ? { correlationKey: s.correlationKey } : {}) })),
      signals: [...new Set(subs.filter((s) => s.kind === 'signal').map((s) => s.name!))],
    };
  }

  private flush(): EngineCommand[] {
    const out = this.rt.out;
    this.rt.out = [];
    return out;
  }
}

function vars(v: unknown): Record<string, unknown> | undefined {
  return isVariables(v) ? JSON.parse(JSON.stringify(v)) : undefined;
}

function pickStart(graph: ExecutableGraph, start: StartOptions): string | undefined {
  const starts = graph.root.startEvents.map((id) => graph.root.nodes[id]);
  if (start.startEventId) {
    if (!graph.root.startEvents.includes(start.startEventId)) throw new EngineError(`'${start.startEventId}' is not a start event of the process`);
    return start.startEventId;
  }
  if (start.messageName) {
    const m = starts.find((n) => n.eventDefinition?.kind === 'message' && n.eventDefinition.name === start.messageName);
    if (!m) throw new EngineError(`no message start event for '${start.messageName}'`);
    return m.id;
  }
  if (starts.length === 0 && graph.root.implicitStarts?.length) return undefined;
  const none = starts.find((n) => !n.eventDefinition) ?? (starts.length === 1 ? starts[0] : undefined);
  if (!none) throw new EngineError('the process has no none start event; pass startEventId or messageName');
  return none.id;
}


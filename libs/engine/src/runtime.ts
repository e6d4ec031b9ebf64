/**
 * The mutable core shared by the behaviour modules: state, id/clock access, the
 * outgoing command list, element-instance records and the agenda (a FIFO of
 * deferred steps, run to quiescence inside each synchronous `handle`).
 */
import type { ElementRecord, GraphNode } from '@tthc/contracts';
import type { EngineCommand, EngineOptions } from './api';
import { EngineError } from './errors';
import type { GraphIndex } from './graph-index';
import type { EngineState, Inst } from './state';

/** guard against runaway loops that static validation could not rule out */
const MAX_STEPS = 1_000_000;

export class Runtime {
  out: EngineCommand[] = [];
  records: ElementRecord[] = [];
  private agenda: Array<() => void> = [];
  /** tokens on their way along a sequence flow (deferred arrivals), per scope instance; empty when idle */
  readonly inFlight = new Map<string, number>();
  /** hook run whenever the agenda is empty; returns true if it produced more work */
  onIdle: (rt: Runtime) => boolean = () => false;

  constructor(
    readonly idx: GraphIndex,
    readonly state: EngineState,
    readonly options: EngineOptions,
  ) {}

  now(): string {
    return this.options.now();
  }
  newId(): string {
    return this.options.newId();
  }
  emit(c: EngineCommand): void {
    this.out.push(c);
  }
  defer(fn: () => void): void {
    this.agenda.push(fn);
  }
  /** defer a token move into `scopeId`; the scope cannot complete while it is under way */
  deferMove(scopeId: string, fn: () => void): void {
    this.inFlight.set(scopeId, (this.inFlight.get(scopeId) ?? 0) + 1);
    this.agenda.push(() => {
      const n = (this.inFlight.get(scopeId) ?? 1) - 1;
      if (n) this.inFlight.set(scopeId, n);
      else this.inFlight.delete(scopeId);
      fn();
    });
  }
  run(): void {
    let steps = 0;
    for (;;) {
      while (this.agenda.length) {
        if (++steps > MAX_STEPS) throw new EngineError(`more than ${MAX_STEPS} steps without a wait state`);
        this.agenda.shift()!();
      }
      if (!this.onIdle(this)) break;
    }
  }

  node(id: string): GraphNode {
    return this.idx.node(id);
  }
  inst(id: string | null | undefined): Inst | undefined {
    return id ? this.state.instances[id] : undefined;
  }
  children(id: string): Inst[] {
    return Object.values(this.state.instances).filter((i) => i.parentId === id);
  }

  create(elementId: string, type: string, parentId: string | null, extra: Partial<Inst> = {}): Inst {
    const inst: Inst = { id: this.newId(), elementId, type, parentId, startedAt: this.now(), ...extra };
    this.state.instances[inst.id] = inst;
    this.record(inst, 'ACTIVE');
    return inst;
  }

  record(inst: Inst, state: ElementRecord['state'], by?: string): void {
    const name = inst.type === 'process' ? this.idx.graph.name : this.idx.nodes.get(inst.elementId)?.node.name;
    const r: ElementRecord = { elementInstanceId: inst.id, elementId: inst.elementId, elementType: inst.type, state, startedAt: inst.startedAt };
    if (name) r.name = name;
    if (state !== 'ACTIVE') r.endedAt = this.now();
    if (by) r.by = by;
    this.records.push(r);
  }

  /** forget an instance (its subscriptions are closed by the caller) */
  drop(inst: Inst, state: 'COMPLETED' | 'TERMINATED', by?: string): void {
    delete this.state.instances[inst.id];
    for (const k of Object.keys(this.state.joins)) if (k.startsWith(inst.id + '|')) delete this.state.joins[k];
    this.record(inst, state, by);
  }
}

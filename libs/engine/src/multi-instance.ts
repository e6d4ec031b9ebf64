/**
 * Multi-instance (parallel / sequential) and standard loop: a body instance owns the
 * inner instances. Body-local variables: numberOfInstances, numberOfActiveInstances,
 * numberOfCompletedInstances, numberOfTerminatedInstances (as in Camunda); inner
 * instances get the input element and `loopCounter` (1-based).
 */
import { activateNode } from './behaviours';
import { ExpressionError, feel, feelBool, feelCondition } from './expressions';
import { finish, openBoundaries, terminate } from './flow';
import { raiseIncident } from './incidents';
import { throwBehaviorEvents } from './mi-behavior';
import type { Runtime } from './runtime';
import type { Inst } from './state';
import { propagate, visible } from './variables';

/** with EngineOptions.limits: more inner instances than this in one body is an incident (one workflow task runs them all) */
export const MAX_MULTI_INSTANCES = 10_000;

export function startBody(rt: Runtime, body: Inst): void {
  const node = rt.node(body.elementId);
  if (!body.armed) {
    body.armed = true;
    openBoundaries(rt, body, node);
  }
  const ctx = visible(rt.state, body.id);
  try {
    if (node.multiInstance) {
      const mi = node.multiInstance;
      let items: unknown[] | undefined;
      let total: number;
      if (mi.inputCollection) {
        const v = feel(mi.inputCollection, ctx);
        if (!Array.isArray(v)) throw new ExpressionError(`inputCollection '${mi.inputCollection}' is not a list (got ${JSON.stringify(v)})`);
        items = v;
        total = v.length;
      } else {
        const n = feel(mi.loopCardinality ?? 'null', ctx);
        if (rt.options.loopValueIncidents && typeof n === 'number' && n < 0) {
          throw new ExpressionError(`loopCardinality '${mi.loopCardinality}' of '${node.id}' is ${n}: the number of instances cannot be negative — correct the variables it reads and retry`);
        }
        if (typeof n !== 'number' || n < 0) throw new ExpressionError(`loopCardinality '${mi.loopCardinality}' is not a non-negative number`);
        total = Math.floor(n);
      }
      if (rt.options.limits && total > MAX_MULTI_INSTANCES) throw new ExpressionError(`multi-instance '${node.id}' would start ${total} instances, over the limit of ${MAX_MULTI_INSTANCES}`);
      body.body = { kind: 'mi', sequential: mi.sequential, total, next: 0, completed: 0, active: 0, terminated: 0, ...(items ? { items } : {}), ...(mi.outputCollection ? { outputs: new Array(total).fill(null) } : {}) };
      counters(body);
      if (total === 0) return done(rt, body);
      const n = mi.sequential ? 1 : total;
      for (let i = 0; i < n; i++) spawn(rt, body);
    } else {
      const loop = node.loop!;
      const max = loop.maximum;
      if (rt.options.loopValueIncidents && max !== undefined && (!Number.isInteger(max) || max < 0)) {
        throw new ExpressionError(`loopMaximum of '${node.id}' is ${max}: the maximum number of iterations must be a whole number, 0 or more — correct the diagram and deploy a new version`);
      }
      body.body = { kind: 'loop', sequential: true, total: 0, next: 0, completed: 0, active: 0, terminated: 0 };
      if (loop.testBefore && !(loop.condition && feelBool(loop.condition, ctx))) return done(rt, body);
      spawn(rt, body);
    }
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    raiseIncident(rt, body, err.message, 'activate');
  }
}

function counters(body: Inst) {
  const b = body.body!;
  body.vars = {
    ...(body.vars ?? {}),
    numberOfInstances: b.kind === 'mi' ? b.total : b.next,
    numberOfActiveInstances: b.active,
    numberOfCompletedInstances: b.completed,
    numberOfTerminatedInstances: b.terminated,
  };
}

function spawn(rt: Runtime, body: Inst) {
  const b = body.body!;
  const node = rt.node(body.elementId);
  const index = b.next++;
  b.active++;
  const vars: Record<string, unknown> = { loopCounter: index + 1 };
  const el = node.multiInstance?.inputElement;
  if (el) vars[el] = b.items ? (b.items[index] ?? null) : null;
  counters(body);
  const inner = rt.create(node.id, node.type, body.id, { index, vars });
  activateNode(rt, inner);
}

/** before the inner instance is dropped: collect its output element */
export function innerCompleting(rt: Runtime, body: Inst, inner: Inst): void {
  const b = body.body!;
  b.active--;
  b.completed++;
  const oe = rt.node(body.elementId).multiInstance?.outputElement;
  if (oe && b.outputs) {
    try {
      b.outputs[inner.index!] = feel(oe, visible(rt.state, inner.id));
    } catch {
      b.outputs[inner.index!] = null;
    }
  }
  counters(body);
}

/** after an inner instance completed: next iteration, or the body is done */
export function finishBody(rt: Runtime, body: Inst): void {
  const b = body.body!;
  const node = rt.node(body.elementId);
  const ctx = () => visible(rt.state, body.id);
  try {
    if (b.kind === 'mi') {
      if (!throwBehaviorEvents(rt, body)) return;
      const cond = node.multiInstance!.completionCondition;
      if (cond && (rt.options.strictConditions ? feelCondition : feelBool)(cond, ctx())) {
        for (const c of rt.children(body.id)) terminate(rt, c);
        counters(body);
        return done(rt, body);
      }
      if (b.sequential && b.next < b.total) return spawn(rt, body);
      if (b.active === 0 && b.next >= b.total) return done(rt, body);
      return;
    }
    const loop = node.loop!;
    if (loop.maximum !== undefined && b.next >= loop.maximum) return done(rt, body);
    if (loop.condition && feelBool(loop.condition, ctx())) return spawn(rt, body);
    return done(rt, body);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    raiseIncident(rt, body, err.message, 'leave');
  }
}

function done(rt: Runtime, body: Inst) {
  const oc = rt.node(body.elementId).multiInstance?.outputCollection;
  if (oc && body.body?.outputs) propagate(rt.state, body.parentId, { [oc]: body.body.outputs });
  finish(rt, body);
}

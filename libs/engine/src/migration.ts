/**
 * Instance migration: the interpreter state of a running instance translated from one version
 * of a process to another with an element mapping. Pure (no clock, no ids): the workflow calls
 * it at a safe point and continues as new with the translated state and the new pinned graph.
 *
 * Rules (Camunda's, simplified — docs/engine.md "Instance migration"):
 * - every active element instance, every waiting event (catch, boundary, event subprocess start,
 *   event-based gateway target) and every join with waiting tokens must map to an element of the
 *   target; an element whose id exists in the target with the same type maps to itself unless the
 *   mapping says otherwise;
 * - the target has the same type (a multi-instance body maps to a multi-instance element) and
 *   sits in the scope its parent's element maps to (the process, or the mapped subprocess);
 * - element instance ids, task/job/timer ids, variables and start dates are kept: a user task
 *   keeps its inbox row and due date, a timer keeps its instant;
 * - boundary events the target adds to an already active activity are not armed (they are on its
 *   next activation); compensation records of elements the target lacks are dropped.
 */
import type { ExecutableGraph, GraphNode, MigrationProblem } from '@tthc/contracts';
import { GraphIndex } from './graph-index';
import type { EngineState } from './state';

export type MigrationOutcome = { ok: true; state: EngineState; applied: Record<string, string> } | { ok: false; problems: MigrationProblem[] };

export function migrateState(state: EngineState, from: ExecutableGraph, to: ExecutableGraph, mapping: Record<string, string>): MigrationOutcome {
  const src = new GraphIndex(from);
  const dst = new GraphIndex(to);
  const problems = new Map<string, MigrationProblem>();
  const problem = (p: MigrationProblem) => {
    if (!problems.has(p.elementId)) problems.set(p.elementId, p);
  };
  for (const [s, t] of Object.entries(mapping)) {
    if (!src.nodes.has(s)) problem({ elementId: s, reason: 'unknown-source', target: t, message: `'${s}' is not an element of version ${from.processKey}` });
    else if (!dst.nodes.has(t)) problem({ elementId: s, reason: 'unknown-target', target: t, message: `'${t}' is not an element of the target version` });
  }
  const applied: Record<string, string> = {};
  const targetOf = (elementId: string): string | undefined => {
    const explicit = mapping[elementId];
    if (explicit !== undefined) return dst.nodes.has(explicit) ? explicit : undefined;
    const same = dst.nodes.get(elementId);
    const old = src.nodes.get(elementId);
    return same && old && same.node.type === old.node.type ? elementId : undefined;
  };
  const resolve = (elementId: string): string | undefined => {
    const t = targetOf(elementId);
    if (t === undefined) {
      if (!problems.has(elementId)) problem({ elementId, reason: 'unmapped', message: `active element '${elementId}' has no mapping to the target version` });
      return undefined;
    }
    applied[elementId] = t;
    return t;
  };

  const next: EngineState = JSON.parse(JSON.stringify(state));
  const rootId = next.rootId;
  // element instances: new element id, same type, same scope
  for (const inst of Object.values(next.instances)) {
    if (inst.id === rootId || inst.type === 'process') {
      inst.elementId = to.processKey;
      continue;
    }
    const source = src.nodes.get(inst.elementId)?.node;
    const t = resolve(inst.elementId);
    if (t === undefined || !source) continue;
    const target = dst.nodes.get(t)!;
    const mismatch = typeMismatch(inst.type, source, target.node);
    if (mismatch) {
      problem({ elementId: inst.elementId, reason: 'type-mismatch', target: t, message: mismatch });
      continue;
    }
    inst.elementId = t;
  }
  // scopes: checked once every instance has its new element id
  for (const inst of Object.values(next.instances)) {
    if (inst.type === 'process' || !inst.parentId) continue;
    const origId = state.instances[inst.id].elementId;
    if (problems.has(origId)) continue;
    const parent = next.instances[inst.parentId];
    if (!parent) continue;
    const expected = expectedParent(dst, inst.elementId, inst.index !== undefined, parent.type);
    const actual = parent.type === 'process' ? null : parent.elementId;
    if (expected !== actual) {
      problem({
        elementId: origId,
        reason: 'scope-mismatch',
        target: inst.elementId,
        message: `'${origId}' → '${inst.elementId}' would leave its scope (${actual ?? 'the process'}; the target is in ${expected ?? 'the process'})`,
      });
    }
  }
  // waiting events
  for (const sub of Object.values(next.subs)) {
    const orig = sub.elementId;
    const t = resolve(orig);
    if (t === undefined) continue;
    sub.elementId = t;
    const host = dst.nodes.get(t)!.node.attachedTo;
    const owner = next.instances[sub.ownerId];
    if (sub.role === 'boundary' && owner && host !== owner.elementId) {
      problem({ elementId: orig, reason: 'scope-mismatch', target: t, message: `boundary event '${orig}' → '${t}' is not attached to '${owner.elementId}' in the target version` });
    }
  }
  // tokens waiting at a join: the gateway and the flows they came along
  const joins: EngineState['joins'] = {};
  for (const [key, tokens] of Object.entries(next.joins)) {
    const cut = key.lastIndexOf('|');
    const gateway = key.slice(cut + 1);
    if (!Object.values(tokens).some((n) => n > 0)) continue;
    const t = resolve(gateway);
    if (t === undefined) continue;
    const flows: Record<string, number> = {};
    for (const [flowId, n] of Object.entries(tokens)) {
      const flow = dst.flows.get(flowId);
      if (!flow || flow.target !== t) {
        problem({ elementId: flowId, reason: 'unknown-flow', target: t, message: `tokens wait at '${gateway}' from flow '${flowId}', which does not lead to '${t}' in the target version` });
        continue;
      }
      flows[flowId] = n;
    }
    joins[`${key.slice(0, cut)}|${t}`] = flows;
  }
  next.joins = joins;
  // incidents follow their element instance
  for (const incident of Object.values(next.incidents)) {
    const inst = next.instances[incident.instanceId];
    if (inst) incident.elementId = inst.elementId;
  }
  // compensation records: kept for elements the target still has
  for (const inst of Object.values(next.instances)) {
    if (inst.compensables) inst.compensables = migrateCompensables(inst.compensables, targetOf, dst);
  }
  if (problems.size > 0) return { ok: false, problems: [...problems.values()] };
  return { ok: true, state: next, applied };
}

/** the active element ids of a state (element instances, waiting events, joins) — what a mapping must cover */
export function activeElementIds(state: EngineState): string[] {
  const ids = new Set<string>();
  for (const i of Object.values(state.instances)) if (i.type !== 'process') ids.add(i.elementId);
  for (const s of Object.values(state.subs)) ids.add(s.elementId);
  for (const [k, tokens] of Object.entries(state.joins)) if (Object.values(tokens).some((n) => n > 0)) ids.add(k.slice(k.lastIndexOf('|') + 1));
  return [...ids];
}

function typeMismatch(instType: string, source: GraphNode, target: GraphNode): string | undefined {
  const srcMulti = !!(source.multiInstance || source.loop);
  const dstMulti = !!(target.multiInstance || target.loop);
  if (instType === 'multiInstanceBody') {
    return dstMulti ? undefined : `'${source.id}' is a multi-instance / loop body; '${target.id}' is not`;
  }
  if (source.type !== target.type) return `'${source.id}' is a ${source.type}, '${target.id}' is a ${target.type}`;
  if (srcMulti !== dstMulti) return `'${source.id}' and '${target.id}' differ in multi-instance / loop`;
  if (source.type === 'boundaryEvent' && !!source.cancelActivity !== !!target.cancelActivity) return `'${source.id}' and '${target.id}' differ in interrupting / non-interrupting`;
  return undefined;
}

/**
 * the element id the parent element instance must have in the target: the owning subprocess of
 * the element (null: the process); an inner instance of a multi-instance body sits in the body
 * (same element id); a boundary/event-subprocess start has no instance of its own here.
 */
function expectedParent(dst: GraphIndex, elementId: string, inner: boolean, parentType: string): string | null {
  if (inner || parentType === 'multiInstanceBody') return elementId;
  return dst.nodes.get(elementId)?.owner ?? null;
}

function migrateCompensables<T extends { elementId: string; children?: T[] }>(list: T[], targetOf: (id: string) => string | undefined, dst: GraphIndex): T[] {
  const out: T[] = [];
  for (const c of list) {
    const t = targetOf(c.elementId);
    if (t === undefined) continue;
    const handler = dst.nodes.get(t)?.node.compensationHandler;
    out.push({ ...c, elementId: t, ...(handler ? { handlerId: handler } : {}), ...(c.children ? { children: migrateCompensables(c.children, targetOf, dst) } : {}) });
  }
  return out;
}

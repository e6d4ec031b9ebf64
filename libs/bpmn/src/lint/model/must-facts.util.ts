import type { FlowGraph, FlowGraphNode } from './flow-graph';
import { is } from './tthc-attrs.util';

/** Boolean facts that must hold on arrival at a node ("digitised", "signed since the last approve"…). */
export type Facts = Record<string, boolean>;

export interface Transfer {
  /** facts leaving the node when it completes (to its outgoing flows) */
  completed: Facts;
  /** facts leaving it through an attached boundary event (the node did not complete) */
  interrupted: Facts;
}

/**
 * "Must" data-flow analysis over the flow graph: the facts that hold on *every* way of
 * arriving at each node. Alternative merges (exclusive, inclusive, event-based gateways and
 * plain joins) keep a fact only if it holds on every incoming flow; a parallel join waits for
 * all its branches, so a fact established on any one of them holds after it (`orAtParallelJoin`).
 * Greatest fixpoint: every contribution starts at "true" and only ever falls, so loops
 * (a supplement back to receive) terminate. Only nodes reachable from the seeds get facts.
 *
 * Hand-written (not a library) because it has to know BPMN join semantics and the
 * boundary-event distinction of our flow graph.
 */
export function solveMustFacts(
  graph: FlowGraph,
  seeds: Array<[string, Facts]>,
  transfer: (node: FlowGraphNode, arriving: Facts) => Transfer,
  orAtParallelJoin: string[] = [],
): Map<string, Facts> {
  const reachable = reachableFrom(graph, seeds.map(([k]) => k));
  const preds = new Map<string, Array<{ from: string; via: 'completed' | 'interrupted' }>>();
  for (const key of reachable) {
    const n = graph.nodes.get(key)!;
    for (const s of n.next) push(preds, s, { from: key, via: 'completed' });
    for (const b of n.boundaries) push(preds, b, { from: key, via: 'interrupted' });
  }
  const seedFacts = new Map<string, Facts[]>();
  for (const [k, f] of seeds) push(seedFacts, k, f);

  const out = new Map<string, Transfer>();
  const arriving = new Map<string, Facts>();
  const queue = [...reachable];
  const queued = new Set(queue);
  while (queue.length) {
    const key = queue.shift()!;
    queued.delete(key);
    const node = graph.nodes.get(key)!;
    const fromPreds = (preds.get(key) ?? []).map((p) => out.get(p.from)?.[p.via]);
    const seeded = seedFacts.get(key) ?? [];
    if (seeded.length === 0 && fromPreds.every((f) => f === undefined)) continue; // not reached yet
    // a predecessor not evaluated yet counts as "all true" (top), so values only ever fall
    const incoming = [...seeded, ...fromPreds.map((f) => f ?? {})];
    const facts = meet(incoming, fromPreds.length > 1 && is(node.el, 'bpmn:ParallelGateway') ? orAtParallelJoin : []);
    arriving.set(key, facts);
    const t = transfer(node, facts);
    const before = out.get(key);
    if (before && same(before.completed, t.completed) && same(before.interrupted, t.interrupted)) continue;
    out.set(key, t);
    for (const s of [...node.next, ...node.boundaries]) {
      if (reachable.has(s) && !queued.has(s)) {
        queue.push(s);
        queued.add(s);
      }
    }
  }
  return arriving;
}

function meet(incoming: Facts[], orKeys: string[]): Facts {
  const keys = new Set(incoming.flatMap((f) => Object.keys(f)));
  const result: Facts = {};
  for (const k of keys) {
    const values = incoming.map((f) => f[k] ?? true);
    result[k] = orKeys.includes(k) ? values.some(Boolean) : values.every(Boolean);
  }
  return result;
}

function reachableFrom(graph: FlowGraph, starts: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length) {
    const k = stack.pop()!;
    const n = graph.nodes.get(k);
    if (!n || seen.has(k)) continue;
    seen.add(k);
    stack.push(...n.next, ...n.boundaries);
  }
  return seen;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function same(a: Facts, b: Facts): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

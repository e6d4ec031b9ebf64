import type { FlowGraph, FlowGraphNode } from './flow-graph';

/**
 * What happens at a node reached with a given path state: the state carried to its
 * normal successors when it completes and to its boundary events while it is active;
 * `null` stops that way out.
 */
export interface Visit<S> {
  completed: S | null;
  interrupted: S | null;
}

/**
 * Explores every path of the graph from the seeds, carrying a small path state.
 * Each (node, state) pair is visited once, so loops (e.g. back to `receive` after a
 * supplement) terminate and "every path" rules become reachability questions.
 */
export function explore<S>(
  graph: FlowGraph,
  seeds: Array<[string, S]>,
  visit: (node: FlowGraphNode, state: S) => Visit<S>,
  stateKey: (state: S) => string = (s) => JSON.stringify(s),
): void {
  const seen = new Set<string>();
  const queue: Array<[string, S]> = [...seeds];
  while (queue.length) {
    const [key, state] = queue.shift() as [string, S];
    const id = `${key}\u0000${stateKey(state)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = graph.nodes.get(key);
    if (!node) continue;
    const { completed, interrupted } = visit(node, state);
    if (completed !== null) for (const n of node.next) queue.push([n, completed]);
    if (interrupted !== null) for (const b of node.boundaries) queue.push([b, interrupted]);
  }
}

/** Continue both ways with the same state. */
export function pass<S>(state: S): Visit<S> {
  return { completed: state, interrupted: state };
}

export const STOP: Visit<never> = { completed: null, interrupted: null };

/** Lookup tables over the (immutable) executable graph: node id → node and its scope. */
import type { ExecutableGraph, GraphNode, ScopeNode, SequenceFlow } from '@tthc/contracts';

export interface IndexedNode {
  node: GraphNode;
  scope: ScopeNode;
  /** id of the subprocess node owning the scope, or null for the process */
  owner: string | null;
}

export class GraphIndex {
  readonly nodes = new Map<string, IndexedNode>();
  readonly flows = new Map<string, SequenceFlow>();
  private reach = new Map<string, Set<string>>();

  constructor(readonly graph: ExecutableGraph) {
    this.add(graph.root, null);
  }

  private add(scope: ScopeNode, owner: string | null) {
    for (const n of Object.values(scope.nodes)) {
      this.nodes.set(n.id, { node: n, scope, owner });
      if (n.scope) this.add(n.scope, n.id);
    }
    for (const f of Object.values(scope.flows)) this.flows.set(f.id, f);
  }

  node(id: string): GraphNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`unknown element '${id}'`);
    return n.node;
  }

  scopeOf(id: string): ScopeNode {
    return this.nodes.get(id)!.scope;
  }

  /** nodes reachable from `from` inside its scope (flows, boundary events, links), excluding paths through `stop` */
  reachable(from: string, stop: string): Set<string> {
    const key = `${from}|${stop}`;
    let set = this.reach.get(key);
    if (set) return set;
    set = new Set<string>();
    const scope = this.scopeOf(from);
    const queue = [from];
    while (queue.length) {
      const id = queue.pop()!;
      const n = scope.nodes[id];
      if (!n) continue;
      const next = n.outgoing.map((f) => scope.flows[f].target);
      if (n.boundaryEvents) next.push(...n.boundaryEvents);
      if (n.linkTarget) next.push(n.linkTarget);
      for (const t of next) {
        if (set.has(t)) continue;
        set.add(t);
        if (t !== stop) queue.push(t);
      }
    }
    this.reach.set(key, set);
    return set;
  }
}

/**
 * BPMN 2.0.2 §10.3.1 / §13.3.1: an activity starts once `startQuantity` tokens have arrived and
 * puts `completionQuantity` tokens on each outgoing flow it takes. Deploy-time checks: both must
 * be whole numbers ≥ 1 (`quantity-invalid`), and a `startQuantity` more tokens than can ever
 * arrive at the activity is refused (`quantity-unmet`) — an upper bound counted over the scope:
 * one token per start, × completionQuantity upstream, parallel joins take the least of their
 * flows, anything downstream of a loop or a non-interrupting boundary event is unbounded.
 */
import type { GraphNode, ScopeNode } from '@tthc/contracts';
import type { CompileIssue } from './compile-error';

export function checkQuantities(scope: ScopeNode, issues: CompileIssue[]): void {
  const nodes = Object.values(scope.nodes);
  for (const n of nodes) {
    for (const [attr, v] of [['startQuantity', n.startQuantity], ['completionQuantity', n.completionQuantity]] as const) {
      if (v !== undefined && !(Number.isInteger(v) && v >= 1)) issues.push({ elementId: n.id, rule: 'quantity-invalid', message: `${attr} must be a whole number of at least 1 (was ${v})` });
    }
  }
  const demanding = nodes.filter((n) => Number.isInteger(n.startQuantity) && n.startQuantity! > 1);
  if (demanding.length === 0) return;
  const bounds = new TokenBounds(scope);
  for (const n of demanding) {
    const max = bounds.arrivals(n);
    if (max < n.startQuantity!) {
      issues.push({ elementId: n.id, rule: 'quantity-unmet', message: `startQuantity ${n.startQuantity} can never be met: at most ${max} token(s) can arrive at this activity` });
    }
  }
}

/** upper bounds of the tokens that can arrive at / leave each node of one scope (Infinity: unbounded) */
class TokenBounds {
  private readonly preds = new Map<string, Array<{ from: string; flow?: string }>>();
  private readonly memo = new Map<string, number>();
  private readonly cyclic = new Set<string>();

  constructor(private readonly scope: ScopeNode) {
    for (const n of Object.values(scope.nodes)) {
      for (const f of n.outgoing) this.pred(scope.flows[f].target, { from: n.id, flow: f });
      for (const b of n.boundaryEvents ?? []) this.pred(b, { from: n.id });
      if (n.linkTarget) this.pred(n.linkTarget, { from: n.id });
    }
    this.markCycles();
  }

  private pred(to: string, p: { from: string; flow?: string }) {
    const list = this.preds.get(to) ?? [];
    list.push(p);
    this.preds.set(to, list);
  }

  /** tokens that can arrive at `n` */
  arrivals(n: GraphNode): number {
    if (this.cyclic.has(n.id)) return Infinity;
    const ps = this.preds.get(n.id) ?? [];
    if (n.type === 'startEvent' || (ps.length === 0 && (this.scope.implicitStarts ?? []).includes(n.id))) return 1;
    if (n.type === 'boundaryEvent') return n.cancelActivity === false ? Infinity : this.starts(this.scope.nodes[n.attachedTo!]);
    const counts = ps.map((p) => this.leaving(this.scope.nodes[p.from]));
    if (counts.length === 0) return 0;
    return n.type === 'parallelGateway' && ps.length > 1 ? Math.min(...counts) : counts.reduce((a, b) => a + b, 0);
  }

  /** instances of `n` that can start */
  private starts(n: GraphNode): number {
    const q = n.startQuantity && n.startQuantity > 1 ? n.startQuantity : 1;
    return Math.floor(this.arrivals(n) / q);
  }

  /** tokens `n` can put on one outgoing flow (or give a boundary event / link target) */
  private leaving(n: GraphNode): number {
    let v = this.memo.get(n.id);
    if (v === undefined) {
      this.memo.set(n.id, Infinity); // a cycle not marked (defensive): unbounded
      v = this.starts(n) * (n.completionQuantity && n.completionQuantity > 1 ? n.completionQuantity : 1);
      this.memo.set(n.id, v);
    }
    return v;
  }

  /** nodes on a cycle (they, and everything after them, can get any number of tokens) */
  private markCycles() {
    const succ = (id: string) => {
      const n = this.scope.nodes[id];
      if (!n) return [];
      return [...n.outgoing.map((f) => this.scope.flows[f].target), ...(n.boundaryEvents ?? []), ...(n.linkTarget ? [n.linkTarget] : [])];
    };
    // Tarjan's SCC, iterative
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    for (const root of Object.keys(this.scope.nodes)) {
      if (idx.has(root)) continue;
      const work: Array<{ id: string; next: string[]; i: number }> = [];
      const open = (id: string) => {
        idx.set(id, index);
        low.set(id, index++);
        stack.push(id);
        onStack.add(id);
        work.push({ id, next: succ(id), i: 0 });
      };
      open(root);
      while (work.length) {
        const top = work[work.length - 1];
        if (top.i < top.next.length) {
          const w = top.next[top.i++];
          if (!this.scope.nodes[w]) continue;
          if (!idx.has(w)) open(w);
          else if (onStack.has(w)) low.set(top.id, Math.min(low.get(top.id)!, idx.get(w)!));
          continue;
        }
        work.pop();
        if (work.length) low.set(work[work.length - 1].id, Math.min(low.get(work[work.length - 1].id)!, low.get(top.id)!));
        if (low.get(top.id) === idx.get(top.id)) {
          const comp: string[] = [];
          let w: string;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            comp.push(w);
          } while (w !== top.id);
          if (comp.length > 1 || succ(top.id).includes(top.id)) for (const c of comp) this.cyclic.add(c);
        }
      }
    }
  }
}

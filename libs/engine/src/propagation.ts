/**
 * BPMN error and escalation propagation, inner to outer: at each level the event
 * subprocesses of the scope are tried, then the boundary events of the activity
 * (an exact code match wins over a catch-all at the same level).
 * Uncaught error → incident (Camunda 8); uncaught escalation → nothing happens.
 */
import type { GraphNode } from '@tthc/contracts';
import type { Runtime } from './runtime';
import type { Inst } from './state';
import { triggerBoundary, triggerEventSub } from './triggers';

type Kind = 'error' | 'escalation';

function codeOf(n: GraphNode, kind: Kind): string | undefined | null {
  const d = n.eventDefinition;
  if (!d || d.kind !== kind) return null;
  return d.kind === 'error' ? d.errorCode : d.kind === 'escalation' ? d.escalationCode : null;
}

function pick(candidates: GraphNode[], kind: Kind, code: string | undefined): GraphNode | undefined {
  const matching = candidates.filter((n) => codeOf(n, kind) !== null);
  return matching.find((n) => code !== undefined && codeOf(n, kind) === code) ?? matching.find((n) => codeOf(n, kind) === undefined);
}

const isScope = (rt: Runtime, i: Inst) => i.type === 'process' || i.type === 'subProcess';

/** returns true when a catch event took it */
export function propagate(rt: Runtime, from: Inst, kind: Kind, code: string | undefined, payload: Record<string, unknown>, message?: string): boolean {
  /** errorCodeVariable / errorMessageVariable / escalationCodeVariable of the catching event */
  const withCode = (n: GraphNode) => {
    const d = n.eventDefinition as { errorCodeVariable?: string; errorMessageVariable?: string; escalationCodeVariable?: string } | undefined;
    const extra: Record<string, unknown> = {};
    if (d?.errorCodeVariable) extra[d.errorCodeVariable] = code ?? null;
    if (d?.errorMessageVariable) extra[d.errorMessageVariable] = message ?? null;
    if (d?.escalationCodeVariable) extra[d.escalationCodeVariable] = code ?? null;
    return { ...payload, ...extra };
  };
  let prev: Inst | undefined;
  for (let cur: Inst | undefined = from; cur; prev = cur, cur = rt.inst(cur.parentId)) {
    // an event subprocess does not catch what is thrown inside a running event subprocess of the same scope
    if (isScope(rt, cur) && !prev?.eventSub) {
      const scope = cur.type === 'process' ? rt.idx.graph.root : rt.node(cur.elementId).scope!;
      const starts = (scope.eventSubprocesses ?? []).map((es) => rt.node(rt.node(es).scope!.startEvents[0]));
      const start = pick(starts, kind, code);
      if (start) {
        triggerEventSub(rt, cur, start, withCode(start));
        return true;
      }
    }
    if (cur.parentId && cur.index === undefined && cur.type !== 'process') {
      const host = rt.node(cur.elementId);
      const boundary = pick((host.boundaryEvents ?? []).map((b) => rt.node(b)), kind, code);
      if (boundary) {
        triggerBoundary(rt, cur, boundary, withCode(boundary));
        return true;
      }
    }
  }
  return false;
}

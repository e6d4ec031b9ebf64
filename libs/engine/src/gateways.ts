/**
 * Gateways. Exclusive/inclusive splits choose flows in flow.selectFlows. Joins keep
 * waiting tokens per incoming flow (state.joins). The inclusive join follows the
 * BPMN 2.0 spec's execution semantics: it fires once every incoming flow either has a token or
 * can no longer receive one from any token in the same scope — checked whenever the
 * agenda is idle, so all concurrent moves are settled first.
 */
import type { GraphNode } from '@tthc/contracts';
import { finish } from './flow';
import type { Runtime } from './runtime';
import type { Inst } from './state';
import { openSubscription } from './subscriptions';

const joinKey = (scopeId: string, gatewayId: string) => `${scopeId}|${gatewayId}`;

export function gatewayPassThrough(rt: Runtime, inst: Inst): void {
  finish(rt, inst);
}

export function arriveAtJoin(rt: Runtime, scopeId: string, node: GraphNode, flowId: string): void {
  const key = joinKey(scopeId, node.id);
  const tokens = (rt.state.joins[key] ??= {});
  tokens[flowId] = (tokens[flowId] ?? 0) + 1;
  if (node.type === 'parallelGateway' && node.incoming.every((f) => (tokens[f] ?? 0) > 0)) fire(rt, scopeId, node);
}

function fire(rt: Runtime, scopeId: string, node: GraphNode) {
  const key = joinKey(scopeId, node.id);
  const tokens = rt.state.joins[key];
  for (const f of node.incoming) if ((tokens[f] ?? 0) > 0) tokens[f]--;
  if (Object.values(tokens).every((n) => n === 0)) delete rt.state.joins[key];
  const inst = rt.create(node.id, node.type, scopeId);
  finish(rt, inst);
}

/** onIdle hook: fire every inclusive join that can no longer receive more tokens */
export function checkInclusiveJoins(rt: Runtime): boolean {
  for (const key of Object.keys(rt.state.joins)) {
    const sep = key.lastIndexOf('|');
    const scopeId = key.slice(0, sep);
    const gw = rt.node(key.slice(sep + 1));
    if (gw.type !== 'inclusiveGateway') continue;
    const tokens = rt.state.joins[key];
    if (!gw.incoming.some((f) => (tokens[f] ?? 0) > 0)) continue;
    const empty = gw.incoming.filter((f) => !((tokens[f] ?? 0) > 0));
    if (empty.length && tokenUpstream(rt, scopeId, gw.id, empty)) continue;
    fire(rt, scopeId, gw);
    return true;
  }
  return false;
}

/**
 * The join waits while some token of its scope has a path (sequence flows, boundary
 * events, links — not through the gateway itself) to an empty incoming flow. Tokens are
 * the scope's active element instances (a subprocess or multi-instance body stands for
 * everything inside it) and the tokens waiting at its other joins.
 *
 * BPMN 2.0.2 §13.4.3 adds an escape: a token that can also reach an incoming flow that
 * already holds a token would not count. We deliberately wait for it, as Camunda 7
 * does: with rework that loops back before the split (a common shape in dossier
 * procedures) the escape fires the join early and then a second time, running everything
 * after it twice.
 */
function tokenUpstream(rt: Runtime, scopeId: string, gatewayId: string, empty: string[]): boolean {
  const sources = empty.map((f) => rt.idx.flows.get(f)!.source);
  const holders = rt.children(scopeId).map((i) => i.elementId);
  for (const [k, tokens] of Object.entries(rt.state.joins)) {
    const sep = k.lastIndexOf('|');
    if (k.slice(0, sep) === scopeId && k.slice(sep + 1) !== gatewayId && Object.values(tokens).some((n) => n > 0)) holders.push(k.slice(sep + 1));
  }
  return holders.some((h) => {
    if (h === gatewayId) return false;
    const reach = rt.idx.reachable(h, gatewayId);
    return sources.some((s) => s === h || reach.has(s));
  });
}

/** event-based gateway: subscribe to every event after it; the first one wins */
export function activateEventGateway(rt: Runtime, inst: Inst, node: GraphNode): void {
  for (const f of node.outgoing) {
    const target = rt.node(rt.idx.flows.get(f)!.target);
    openSubscription(rt, inst, target, 'eventGateway', target.eventDefinition);
  }
}

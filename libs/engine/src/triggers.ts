/** What happens when a subscription fires: catch events, boundary events, event subprocesses, event-based gateways. */
import type { GraphNode } from '@tthc/contracts';
import { openEventSubprocesses } from './behaviours';
import { complete, terminate } from './flow';
import type { Runtime } from './runtime';
import type { Inst, Sub } from './state';
import { armTimer, closeSub, closeSubs, messageMatches } from './subscriptions';

const MAX_BUFFERED = 100;

export function onMessage(rt: Runtime, name: string, key: string | undefined, vars: Record<string, unknown>): void {
  const sub = Object.values(rt.state.subs).find((s) => messageMatches(s, name, key));
  if (sub) return triggerSub(rt, sub, vars);
  rt.state.buffered.push({ name, ...(key !== undefined ? { correlationKey: key } : {}), variables: vars });
  if (rt.state.buffered.length > MAX_BUFFERED) rt.state.buffered.shift();
}

export function onSignal(rt: Runtime, name: string, vars: Record<string, unknown>): void {
  const subs = Object.values(rt.state.subs).filter((s) => s.kind === 'signal' && s.name === name);
  for (const s of subs) if (rt.state.subs[s.id]) triggerSub(rt, s, vars);
}

export function onTimer(rt: Runtime, timerId: string): void {
  const sub = Object.values(rt.state.subs).find((s) => s.kind === 'timer' && s.timerId === timerId);
  if (sub) triggerSub(rt, sub, {});
}

export function triggerSub(rt: Runtime, sub: Sub, vars: Record<string, unknown>): void {
  const owner = rt.inst(sub.ownerId);
  if (!owner) return void delete rt.state.subs[sub.id];
  const target = rt.node(sub.elementId);
  if (sub.role === 'catch') {
    closeSubs(rt, owner.id, 'catch');
    delete rt.state.subs[sub.id];
    return complete(rt, owner, vars);
  }
  if (sub.role === 'eventGateway') {
    for (const s of Object.values(rt.state.subs)) if (s.ownerId === owner.id && s.id !== sub.id) closeSub(rt, s);
    delete rt.state.subs[sub.id];
    const scopeId = owner.parentId!;
    rt.drop(owner, 'COMPLETED');
    return complete(rt, rt.create(target.id, target.type, scopeId), vars);
  }
  if (sub.role === 'boundary') {
    if (target.cancelActivity === false) keepOrRearm(rt, sub);
    else delete rt.state.subs[sub.id];
    return triggerBoundary(rt, owner, target, vars);
  }
  const interrupting = target.isInterrupting !== false;
  if (!interrupting) keepOrRearm(rt, sub);
  else delete rt.state.subs[sub.id];
  return triggerEventSub(rt, owner, target, vars);
}

/** non-interrupting: message/signal subscriptions stay; a cycle timer re-arms until its repetitions run out */
function keepOrRearm(rt: Runtime, sub: Sub) {
  if (sub.kind !== 'timer') return;
  if (sub.timer?.type === 'cycle' && sub.remaining !== undefined && sub.remaining !== 1) {
    if (sub.remaining > 0) sub.remaining--;
    sub.fired = (sub.fired ?? 0) + 1;
    armTimer(rt, sub, undefined, sub.fired);
    return;
  }
  delete rt.state.subs[sub.id];
}

/** boundary event on `host`: interrupting terminates the host first */
export function triggerBoundary(rt: Runtime, host: Inst, boundary: GraphNode, vars: Record<string, unknown>): void {
  const scopeId = host.parentId!;
  if (boundary.cancelActivity !== false) terminate(rt, host);
  complete(rt, rt.create(boundary.id, 'boundaryEvent', scopeId), vars);
}

/** start the event subprocess whose start event is `start`, inside the scope instance `scope` */
export function triggerEventSub(rt: Runtime, scope: Inst, start: GraphNode, vars: Record<string, unknown>): void {
  const esId = rt.idx.nodes.get(start.id)!.owner!;
  if (start.isInterrupting !== false) {
    closeSubs(rt, scope.id, 'eventSub');
    for (const c of rt.children(scope.id)) terminate(rt, c);
  }
  const esNode = rt.node(esId);
  const es = rt.create(esId, 'subProcess', scope.id, { eventSub: true });
  openEventSubprocesses(rt, es, esNode.scope!);
  complete(rt, rt.create(start.id, 'startEvent', es.id), vars);
}

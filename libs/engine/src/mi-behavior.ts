/**
 * Multi-instance `behavior` (BPMN 2.0.2 §10.3.8, §13.3.7): which events an inner instance that
 * completes throws, to be caught by the boundary events of the multi-instance activity.
 * 'none': the behaviour event each time; 'one': once, for the first instance that completes;
 * 'complex': every complexBehaviorDefinition whose condition holds (evaluated in the body's
 * scope, so numberOfCompletedInstances & co. are visible); 'all' (default): nothing.
 * A signal is broadcast (and delivered to this instance's own subscriptions); an escalation
 * propagates from the body: its boundary events first, then the enclosing scopes.
 */
import type { EventDefinition } from '@tthc/contracts';
import { feelBool } from './expressions';
import type { Runtime } from './runtime';
import type { Inst } from './state';
import { escalate } from './throw-events';
import { onSignal } from './triggers';
import { visible } from './variables';

/** after an inner instance completed; false when a caught event ended the body */
export function throwBehaviorEvents(rt: Runtime, body: Inst): boolean {
  const mi = rt.node(body.elementId).multiInstance;
  const b = body.body;
  if (!mi?.behavior || !b) return true;
  const events: EventDefinition[] = [];
  if (mi.behavior === 'none' && mi.behaviorEvent) events.push(mi.behaviorEvent);
  if (mi.behavior === 'one' && mi.behaviorEvent && !b.thrownOne) {
    b.thrownOne = true;
    events.push(mi.behaviorEvent);
  }
  if (mi.behavior === 'complex') {
    for (const c of mi.complexBehavior ?? []) if (feelBool(c.condition, visible(rt.state, body.id))) events.push(c.event);
  }
  for (const ev of events) {
    if (!rt.inst(body.id)) return false;
    if (ev.kind === 'signal') {
      rt.emit({ kind: 'broadcastSignal', name: ev.name, variables: {} });
      onSignal(rt, ev.name, {});
    } else if (ev.kind === 'escalation') escalate(rt, body, ev.escalationCode);
  }
  return !!rt.inst(body.id);
}

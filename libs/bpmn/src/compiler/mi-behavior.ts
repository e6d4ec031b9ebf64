/**
 * Multi-instance `behavior` (BPMN 2.0.2 §10.3.8 MultiInstanceLoopCharacteristics, execution
 * §13.3.7): None → the event referenced by noneBehaviorEventRef is thrown each time an inner
 * instance completes; One → the oneBehaviorEventRef event when the first completes; All → none
 * (default); Complex → each complexBehaviorDefinition whose condition holds throws its event.
 * The events are caught by boundary events of the multi-instance activity, so only signal and
 * escalation events can be thrown; anything else is refused here with the element id.
 */
import type { EventDefinition, MultiInstanceSpec } from '@tthc/contracts';
import type { CompileIssue } from './compile-error';
import { eventDefinitionOf } from './event-definitions';
import { El, juelToFeel } from './extensions';

const THROWABLE = new Set(['signal', 'escalation']);

export function multiInstanceBehavior(el: El, lc: El, issues: CompileIssue[]): Partial<MultiInstanceSpec> {
  const behavior = String(lc.behavior ?? 'All').toLowerCase() as NonNullable<MultiInstanceSpec['behavior']>;
  if (behavior === 'all') return {};
  const out: Partial<MultiInstanceSpec> = { behavior };
  const eventOf = (defs: El[], what: string): EventDefinition | undefined => {
    const def = eventDefinitionOf({ id: el.id, $type: 'bpmn:ImplicitThrowEvent', eventDefinitions: defs }, issues);
    if (def && !THROWABLE.has(def.kind)) {
      issues.push({
        elementId: el.id,
        rule: 'unsupported-element',
        message: `multi-instance behavior ${what} throws a ${def.kind} event; only signal and escalation events can be thrown (they are caught by boundary events of '${el.id}') — for a message, draw an intermediate message throw event inside the activity`,
      });
      return undefined;
    }
    return def;
  };
  if (behavior === 'none' || behavior === 'one') {
    const ref = behavior === 'none' ? lc.noneBehaviorEventRef : lc.oneBehaviorEventRef;
    if (ref) {
      const ev = eventOf([ref], `"${lc.behavior}"`);
      if (ev) out.behaviorEvent = ev;
    }
  }
  if (behavior === 'complex') {
    const list: Array<{ condition: string; event: EventDefinition }> = [];
    for (const cbd of lc.complexBehaviorDefinition ?? []) {
      const body = String(cbd.condition?.body ?? '').trim();
      if (!body) {
        issues.push({ elementId: el.id, rule: 'missing-ref', message: `complexBehaviorDefinition${cbd.id ? ` '${cbd.id}'` : ''} without a condition` });
        continue;
      }
      const ev = eventOf(cbd.event?.eventDefinitions ?? [], 'Complex');
      if (!ev) {
        if (!cbd.event?.eventDefinitions?.length) issues.push({ elementId: el.id, rule: 'missing-ref', message: `complexBehaviorDefinition${cbd.id ? ` '${cbd.id}'` : ''} without an event to throw` });
        continue;
      }
      list.push({ condition: juelToFeel(body), event: ev });
    }
    if (list.length) out.complexBehavior = list;
  }
  return out;
}

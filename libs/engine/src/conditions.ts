/**
 * Conditional events. Variables only change while the engine handles an event, so the
 * conditions are checked whenever the agenda runs dry: a subscription fires when its
 * condition is true and was not at the previous check (edge-triggered; the first check
 * happens right after the subscription opens, so an intermediate event whose condition
 * already holds passes at once). A failing expression counts as false.
 */
import { ExpressionError, feelBool } from './expressions';
import type { Runtime } from './runtime';
import { triggerSub } from './triggers';
import { visible } from './variables';

export function checkConditions(rt: Runtime): boolean {
  for (const sub of Object.values(rt.state.subs)) {
    if (sub.kind !== 'conditional' || !rt.state.subs[sub.id]) continue;
    let value = false;
    try {
      value = feelBool(sub.condition!, visible(rt.state, sub.ownerId));
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
    }
    const rising = value && !sub.last;
    sub.last = value;
    if (rising) {
      triggerSub(rt, sub, {});
      return true;
    }
  }
  return false;
}

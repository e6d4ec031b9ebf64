/**
 * Compensation: a completed activity with a compensation handler is remembered in
 * its scope; a compensation throw event (intermediate or end) runs the handlers of
 * the scope (or of one activity, `activityRef`) in reverse completion order (a
 * multi-instance activity: once per completed inner instance), and
 * waits for them when waitForCompletion is set. A completed subprocess without a
 * handler of its own passes on the compensation of the activities inside it.
 */
import type { GraphNode } from '@tthc/contracts';
import { activate, complete } from './flow';
import type { Runtime } from './runtime';
import type { Compensable, Inst } from './state';
import { transactionCompensated } from './transaction';

export function registerCompensable(rt: Runtime, inst: Inst, node: GraphNode): void {
  if (inst.compensationFor) return;
  // a multi-instance activity is compensated once per completed inner instance: the inner
  // instances register with the body, the body hands them on to its scope
  const scope = rt.inst(inst.parentId);
  if (!scope) return;
  if (node.compensationHandler && inst.type !== 'multiInstanceBody') {
    (scope.compensables ??= []).push({ elementId: node.id, handlerId: node.compensationHandler, vars: { ...(inst.vars ?? {}) } });
  } else if (inst.compensables?.length) {
    (scope.compensables ??= []).push({ elementId: node.id, vars: {}, children: inst.compensables });
  }
}

function handlersOf(entries: Compensable[]): Compensable[] {
  const out: Compensable[] = [];
  for (const e of [...entries].reverse()) {
    if (e.handlerId) out.push(e);
    else if (e.children) out.push(...handlersOf(e.children));
  }
  return out;
}

export function throwCompensation(rt: Runtime, thrower: Inst, activityRef: string | undefined, wait: boolean): void {
  // inside an event subprocess, compensation applies to the scope that contains it
  let scope = rt.inst(thrower.parentId)!;
  if (scope.eventSub && rt.inst(scope.parentId)) scope = rt.inst(scope.parentId)!;
  const started = compensateScope(rt, scope, wait ? thrower.id : undefined, activityRef);
  if (!wait || started === 0) complete(rt, thrower);
}

/**
 * starts the handlers of the activities completed in `scope` (all, or `activityRef` only);
 * `waiterId` (when set) is told by handlerDone when they are all done. Returns how many started.
 */
export function compensateScope(rt: Runtime, scope: Inst, waiterId: string | undefined, activityRef?: string): number {
  const list = scope.compensables ?? [];
  const selected = activityRef ? list.filter((e) => e.elementId === activityRef) : list.slice();
  scope.compensables = list.filter((e) => !selected.includes(e));
  const handlers = handlersOf(selected);
  const waiter = rt.inst(waiterId);
  if (waiter) waiter.compensating = handlers.length;
  for (const h of handlers) {
    const node = rt.node(h.handlerId!);
    // the handler sees the local variables the activity had (input mappings, MI input element)
    const handler = rt.create(node.id, node.type, scope.id, { ...(waiterId ? { compensationFor: waiterId } : {}), ...(Object.keys(h.vars).length ? { vars: { ...h.vars } } : {}) });
    rt.defer(() => rt.inst(handler.id) && activate(rt, handler));
  }
  return handlers.length;
}

export function handlerDone(rt: Runtime, throwerId: string): void {
  const thrower = rt.inst(throwerId);
  if (!thrower || thrower.compensating === undefined) return;
  thrower.compensating--;
  if (thrower.compensating <= 0) {
    delete thrower.compensating;
    if (thrower.cancelling) transactionCompensated(rt, thrower);
    else complete(rt, thrower);
  }
}

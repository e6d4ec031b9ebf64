/**
 * Ad-hoc subprocess (BPMN 2.0.2 §10.3.5 "Ad-Hoc Sub-Process", execution §13.3.5): the
 * activities without incoming sequence flows are the ones it offers; there is no performer
 * picking them here, so every one of them runs — all at once (`ordering="Parallel"`) or one
 * after the other in document order (`"Sequential"`); sequence flows inside are followed as
 * usual. The `completionCondition` is checked each time an inner activity completes: when it
 * holds no further activity starts, and the running ones are terminated
 * (`cancelRemainingInstances`, default true) or allowed to finish; a condition that fails or is
 * not a boolean counts as false. Without a condition, or
 * when every offered activity has run, the subprocess completes when nothing is left inside.
 */
import type { GraphNode } from '@tthc/contracts';
import { ExpressionError, feelBool } from './expressions';
import { arrive, scheduleScopeCheck, terminate } from './flow';
import type { Runtime } from './runtime';
import type { Inst } from './state';
import { visible } from './variables';

export function enterAdHoc(rt: Runtime, inst: Inst, node: GraphNode): void {
  const offered = node.scope!.implicitStarts ?? [];
  if (node.adHoc!.ordering === 'sequential') {
    inst.adHocPending = offered.slice(1);
    if (offered[0]) arrive(rt, inst.id, offered[0], null);
  } else for (const id of offered) arrive(rt, inst.id, id, null);
  scheduleScopeCheck(rt, inst.id);
}

/** an element inside the scope `scopeId` completed */
export function adHocInnerCompleted(rt: Runtime, scopeId: string, completed: GraphNode): void {
  const scope = rt.inst(scopeId);
  const spec = scope && scope.type === 'subProcess' ? rt.node(scope.elementId).adHoc : undefined;
  if (!scope || !spec?.completionCondition || scope.adHocDone) return;
  if (completed.type.endsWith('Gateway') || completed.type.endsWith('Event')) return;
  // after the tokens it sent on have arrived, so a termination also takes them
  rt.defer(() => checkCompletion(rt, scopeId));
}

function checkCompletion(rt: Runtime, scopeId: string): void {
  const scope = rt.inst(scopeId);
  const spec = scope ? rt.node(scope.elementId).adHoc : undefined;
  if (!scope || !spec?.completionCondition || scope.adHocDone) return;
  let done = false;
  try {
    done = feelBool(spec.completionCondition, visible(rt.state, scope.id));
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err; // a failing condition counts as false, as for conditional events
  }
  if (!done) return;
  scope.adHocDone = true;
  scope.adHocPending = [];
  if (spec.cancelRemainingInstances) for (const c of rt.children(scope.id)) terminate(rt, c);
  scheduleScopeCheck(rt, scope.id);
}

/** nothing is left inside the scope: start the next offered activity (sequential) — true if one started */
export function adHocContinue(rt: Runtime, scope: Inst): boolean {
  const next = scope.adHocPending?.shift();
  if (next === undefined) return false;
  arrive(rt, scope.id, next, null);
  scheduleScopeCheck(rt, scope.id);
  return true;
}

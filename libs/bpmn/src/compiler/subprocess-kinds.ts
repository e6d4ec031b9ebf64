/**
 * Transaction and ad-hoc subprocesses (BPMN 2.0.2 §10.3.5): attributes and deploy-time rules.
 * Both compile to a 'subProcess' node with `transaction: true` / `adHoc`.
 */
import type { AdHocSpec, GraphNode, ScopeNode } from '@tthc/contracts';
import type { CompileIssue } from './compile-error';
import { El, extAttr, extElement, juelToFeel, prop, ZEEBE_NS } from './extensions';

export function adHocSpec(el: El): AdHocSpec {
  const ordering = String(el.ordering ?? 'Parallel').toLowerCase() === 'sequential' ? 'sequential' : 'parallel';
  const z = extElement(el, ZEEBE_NS, 'adHoc');
  const cond = el.completionCondition?.body ?? prop(z, 'completionCondition') ?? extAttr(el, ZEEBE_NS, 'completionCondition');
  const cancel = el.cancelRemainingInstances ?? (prop(z, 'cancelRemainingInstances') === undefined ? undefined : prop(z, 'cancelRemainingInstances') !== 'false');
  return {
    ordering,
    ...(typeof cond === 'string' && cond.trim() ? { completionCondition: juelToFeel(cond.trim()) } : {}),
    cancelRemainingInstances: cancel !== false,
  };
}

/**
 * Rules of one scope: a cancel end event only directly inside a transaction; a cancel boundary
 * event only on a transaction, interrupting; a transaction with a cancel end event needs a cancel
 * boundary event (the path its cancellation takes); an ad-hoc subprocess has no start event and
 * at least one activity to start.
 */
export function checkSubprocessKinds(scope: ScopeNode, inTransaction: boolean, issues: CompileIssue[]): void {
  for (const n of Object.values(scope.nodes)) {
    const k = n.eventDefinition?.kind;
    if (k === 'cancel' && n.type === 'endEvent' && !inTransaction) {
      issues.push({ elementId: n.id, rule: 'unsupported-element', message: 'a cancel end event is allowed only directly inside a transaction subprocess — to end a subprocess early use a terminate end event, or an error end event caught by a boundary event' });
    }
    if (k === 'cancel' && n.type === 'boundaryEvent') {
      const host = n.attachedTo ? scope.nodes[n.attachedTo] : undefined;
      if (!host?.transaction) issues.push({ elementId: n.id, rule: 'unsupported-element', message: 'a cancel boundary event is allowed only on a transaction subprocess — on another activity use an error or escalation boundary event' });
      else if (n.cancelActivity === false) issues.push({ elementId: n.id, rule: 'boundary-invalid', message: 'cancel boundary events are always interrupting' });
    }
    if (n.transaction && n.scope) {
      const cancels = Object.values(n.scope.nodes).some((c) => c.type === 'endEvent' && c.eventDefinition?.kind === 'cancel');
      const boundary = (n.boundaryEvents ?? []).some((b) => scope.nodes[b]?.eventDefinition?.kind === 'cancel');
      if (cancels && !boundary) issues.push({ elementId: n.id, rule: 'boundary-invalid', message: `transaction '${n.id}' has a cancel end event but no cancel boundary event to leave by when it is cancelled` });
    }
    if (n.adHoc && n.scope) checkAdHoc(n, issues);
  }
}

function checkAdHoc(n: GraphNode, issues: CompileIssue[]) {
  const scope = n.scope!;
  for (const id of scope.startEvents) issues.push({ elementId: id, rule: 'subprocess-start', message: `an ad-hoc subprocess ('${n.id}') has no start event: its activities without incoming sequence flows are the ones it starts` });
  if (!scope.startEvents.length && !(scope.implicitStarts ?? []).length) {
    issues.push({ elementId: n.id, rule: 'subprocess-start', message: 'an ad-hoc subprocess needs at least one activity without incoming sequence flows' });
  }
}

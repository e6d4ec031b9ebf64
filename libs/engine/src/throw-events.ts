/** Intermediate throw events and end events. */
import type { GraphNode } from '@tthc/contracts';
import { publication, startJob } from './behaviours';
import { throwCompensation } from './compensation';
import { complete, scheduleScopeCheck, terminate } from './flow';
import { raiseIncident } from './incidents';
import { propagate } from './propagation';
import type { Runtime } from './runtime';
import type { Inst } from './state';
import { cancelTransaction } from './transaction';
import { onSignal } from './triggers';

export function throwEvent(rt: Runtime, inst: Inst, node: GraphNode): void {
  const d = node.eventDefinition;
  switch (d?.kind) {
    case undefined:
    case 'link':
      return complete(rt, inst);
    case 'message':
      // Camunda 8: message throw events are carried out by a job worker; without a job type of its own (throwStarts) the adapter publishes it
      if (rt.options.throwStarts && node.taskType === undefined) return startJob(rt, inst, { ...node, taskType: 'noop', headers: { messageName: d.name, ...(node.headers ?? {}) } }, publication(rt, inst, d));
      return startJob(rt, inst, { ...node, taskType: node.taskType ?? 'noop', headers: { messageName: d.name, ...(node.headers ?? {}) } });
    case 'signal': {
      const variables = { ...(inst.vars ?? {}) };
      rt.emit({ kind: 'broadcastSignal', name: d.name, variables, ...(rt.options.throwStarts ? { elementInstanceId: inst.id } : {}) });
      onSignal(rt, d.name, variables);
      return complete(rt, inst);
    }
    case 'escalation':
      escalate(rt, inst, d.escalationCode);
      return complete(rt, inst);
    case 'error':
      return throwError(rt, inst, d.errorCode, {});
    case 'terminate': {
      const scope = rt.inst(inst.parentId)!;
      complete(rt, inst);
      if (scope.type === 'process') scope.endState = 'TERMINATED';
      for (const c of rt.children(scope.id)) terminate(rt, c);
      return scheduleScopeCheck(rt, scope.id);
    }
    case 'compensate':
      return throwCompensation(rt, inst, d.activityRef, d.waitForCompletion);
    case 'cancel':
      return cancelTransaction(rt, inst);
    default:
      return complete(rt, inst);
  }
}

/** error thrown at `inst` (end event, job worker, child process); uncaught → incident */
export function throwError(rt: Runtime, inst: Inst, code: string | undefined, vars: Record<string, unknown>, message?: string): void {
  if (propagate(rt, inst, 'error', code, vars, message)) return;
  const text = `unhandled BPMN error '${code ?? ''}'${message ? ': ' + message : ''}`;
  raiseIncident(rt, inst, text, 'throwError', { code: code ?? null, vars, ...(message ? { message } : {}) });
}

/** escalation thrown at `inst` (throw event, or a child's escalation at the call activity); uncaught → the parent instance, if asked for */
export function escalate(rt: Runtime, inst: Inst, code: string | undefined): void {
  if (propagate(rt, inst, 'escalation', code, {})) return;
  if (rt.options.escalateToParent) rt.emit({ kind: 'escalateToParent', elementId: inst.elementId, ...(code !== undefined ? { escalationCode: code } : {}) });
}

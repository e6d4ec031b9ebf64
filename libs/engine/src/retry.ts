/** retryIncident: set the operator's variables, resolve the incident and redo the step that failed. */
import { startChild, startJob } from './behaviours';
import { activate, complete, finish } from './flow';
import { finishBody } from './multi-instance';
import type { Runtime } from './runtime';
import { throwError } from './throw-events';
import { propagate } from './variables';

export function retryIncident(rt: Runtime, incidentId: string, variables: Record<string, unknown> | undefined): void {
  const inc = rt.state.incidents[incidentId];
  if (!inc) return;
  delete rt.state.incidents[incidentId];
  rt.emit({ kind: 'incidentResolved', incidentId });
  const inst = rt.inst(inc.instanceId);
  if (!inst) return;
  delete inst.incidentId;
  propagate(rt.state, inst.id, variables);
  const node = rt.node(inst.elementId);
  const data = inc.data ?? {};
  switch (inc.op) {
    case 'activate':
      return activate(rt, inst);
    case 'job':
      return startJob(rt, inst, node.type.endsWith('Event') && node.eventDefinition?.kind === 'message' ? { ...node, taskType: node.taskType ?? 'noop', headers: { messageName: node.eventDefinition.name, ...(node.headers ?? {}) } } : node);
    case 'child':
      return startChild(rt, inst, node);
    case 'complete':
      return complete(rt, inst, data.result as Record<string, unknown>, data.by as string | undefined);
    case 'leave':
      if (inst.type === 'multiInstanceBody') return finishBody(rt, inst);
      return finish(rt, inst, data.by as string | undefined);
    case 'throwError':
      return throwError(rt, inst, (data.code as string | null) ?? undefined, (data.vars as Record<string, unknown>) ?? {}, data.message as string | undefined);
  }
}

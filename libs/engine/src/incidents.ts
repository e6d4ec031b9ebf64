/** Incidents: a token that cannot move on without an operator (failed job, failed expression, uncaught error). */
import type { Runtime } from './runtime';
import type { Incident, Inst } from './state';

export function raiseIncident(rt: Runtime, inst: Inst, message: string, op: Incident['op'], data?: Record<string, unknown>): void {
  const id = rt.newId();
  const incident: Incident = { id, instanceId: inst.id, elementId: inst.elementId, message, op };
  if (data) incident.data = data;
  rt.state.incidents[id] = incident;
  inst.incidentId = id;
  rt.emit({ kind: 'incidentRaised', incidentId: id, elementId: inst.elementId, message });
}

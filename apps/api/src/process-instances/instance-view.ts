import type { ElementHistoryEntity, ProcessInstanceEntity } from '@tthc/persistence';

export interface InstanceView {
  id: string;
  processKey: string;
  version: number;
  definitionId: string;
  businessKey: string | null;
  state: ProcessInstanceEntity['state'];
  activeElementIds: string[];
  activeElements: Record<string, number>;
  variables: Record<string, unknown>;
  agency: string | null;
  startedBy: string | null;
  startedAt: string;
  endedAt: string | null;
  workflowId: string;
  incidents: Array<{ id: string; elementId: string; message: string }>;
  parentInstanceId: string | null;
}

export function toInstanceView(i: ProcessInstanceEntity): InstanceView {
  return {
    id: i.id,
    processKey: i.processKey,
    version: i.version,
    definitionId: i.definitionId,
    businessKey: i.businessKey,
    state: i.state,
    activeElementIds: Object.entries(i.activeElements).filter(([, n]) => n > 0).map(([id]) => id),
    activeElements: i.activeElements,
    variables: i.variables,
    agency: i.agency,
    startedBy: i.startedBy,
    startedAt: i.startedAt.toISOString(),
    endedAt: i.endedAt?.toISOString() ?? null,
    workflowId: i.workflowId,
    incidents: i.incidents ?? [],
    parentInstanceId: i.parentInstanceId ?? null,
  };
}

export function toElementView(e: ElementHistoryEntity) {
  return {
    elementInstanceId: e.elementInstanceId,
    elementId: e.elementId,
    elementType: e.elementType,
    name: e.name,
    state: e.state,
    startedAt: e.startedAt.toISOString(),
    endedAt: e.endedAt?.toISOString() ?? null,
    ...(e.by ? { by: e.by } : {}),
  };
}

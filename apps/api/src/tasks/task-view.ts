import type { TaskEntity } from '@tthc/persistence';

/** `overdue`: an open (or completing) task whose due date has passed — the inbox marks it */
export function toTaskView(t: TaskEntity) {
  return {
    id: t.id,
    instanceId: t.instanceId,
    processKey: t.processKey,
    version: t.version,
    businessKey: t.businessKey,
    elementId: t.elementId,
    name: t.name,
    step: t.step,
    formKey: t.formKey,
    assignee: t.assignee,
    candidateGroups: t.candidateGroups,
    agency: t.agency,
    state: t.state,
    dueAt: t.dueAt?.toISOString() ?? null,
    overdue: (t.state === 'OPEN' || t.state === 'COMPLETING') && !!t.dueAt && t.dueAt.getTime() < Date.now(),
    createdAt: t.createdAt.toISOString(),
    claimedAt: t.claimedAt?.toISOString() ?? null,
    completedAt: t.completedAt?.toISOString() ?? null,
    completedBy: t.completedBy,
    variables: t.variables,
  };
}
export type TaskView = ReturnType<typeof toTaskView>;

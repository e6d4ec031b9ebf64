import type { WorkingCalendar } from '@tthc/calendar';
import { DOSSIER_STATUS_LABELS, type TaskDossierSummary, type TaskView } from '@tthc/contracts';
import type { TaskEntity } from '@tthc/persistence';

export type { TaskView };

/**
 * `overdue`: an open (or completing) task whose due date has passed — the inbox marks it.
 * `workingMsLeft`: the working time between `now` and the due date in the agency's calendar
 * (negative when overdue), so the inbox can say "còn 3 giờ làm việc" / "quá hạn 1 ngày".
 */
export function toTaskView(t: TaskEntity, cal?: WorkingCalendar, now: Date = new Date()): TaskView {
  const open = t.state === 'OPEN' || t.state === 'COMPLETING';
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
    overdue: open && !!t.dueAt && t.dueAt.getTime() < now.getTime(),
    workingMsLeft: open && t.dueAt && cal ? workingLeft(cal, now, t.dueAt, t.agency) : null,
    createdAt: t.createdAt.toISOString(),
    claimedAt: t.claimedAt?.toISOString() ?? null,
    completedAt: t.completedAt?.toISOString() ?? null,
    completedBy: t.completedBy,
    variables: t.variables,
    dossier: toDossierSummary(t),
  };
}

function workingLeft(cal: WorkingCalendar, now: Date, due: Date, agency: string | null): number | null {
  const opts = agency && cal.hasAgency(agency) ? { agency } : {};
  try {
    return cal.workingTimeBetweenMs(now.getTime(), due.getTime(), opts);
  } catch {
    return null; // a date outside the calendar's years: the row still shows the due date
  }
}

function toDossierSummary(t: TaskEntity): TaskDossierSummary | null {
  const d = t.dossier;
  if (!d) return null;
  return {
    id: d.id,
    code: d.code,
    procedureCode: d.procedureCode,
    procedureName: t.procedure?.name ?? null,
    applicantName: d.applicantName,
    status: d.status,
    statusLabel: DOSSIER_STATUS_LABELS[d.status],
    dueAt: d.dueAt?.toISOString() ?? null,
  };
}

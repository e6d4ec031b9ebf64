import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { EmptyState } from '../common/feedback';
import { isOverdue } from '../common/format-date';
import type { Task } from '../common/types';
import { DueInWorkingTime } from '../common/due-badge';
import { DossierStatusBadge } from '../dossiers/dossier-status-badge';
import type { InboxTab } from './tasks-api';
import { stepLabel } from './step-label';

interface Props {
  tab: InboxTab;
  tasks: Task[];
  me: string[];
  onClaim: (task: Task) => void;
  onUnclaim: (task: Task) => void;
  onOpen: (task: Task) => void;
  /** unit leads: give the task to a colleague of the unit */
  onReassign?: (task: Task) => void;
}

export function TaskTable({ tab, tasks, me, onClaim, onUnclaim, onOpen, onReassign }: Props) {
  const { t } = useI18n();
  if (tasks.length === 0) return <EmptyState>{t(`inbox.empty.${tab}`)}</EmptyState>;
  const now = new Date();
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('inbox.col.dossier')}</th>
          <th scope="col">{t('inbox.col.task')}</th>
          <th scope="col">{t('inbox.col.applicant')}</th>
          <th scope="col">{t('inbox.col.status')}</th>
          <th scope="col">{t('inbox.col.due')}</th>
          <th scope="col">{t('inbox.col.assignee')}</th>
          <th scope="col" className="actions-col">
            {t('inbox.col.actions')}
          </th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => {
          const overdue = isOverdue(task.dueAt, now);
          const mine = !!task.assignee && me.includes(task.assignee);
          const name = task.name || task.elementId || task.id;
          // a completion in flight (or cut off by a crash, reconciled within seconds): not actionable, not done
          const completing = task.state === 'COMPLETING';
          return (
            <tr key={task.id} className={overdue ? 'row-overdue' : undefined} data-task-id={task.id}>
              <th scope="row" className="task-dossier">
                {task.dossier ? (
                  <>
                    <Link to={`/ho-so/${encodeURIComponent(task.dossier.id)}`}>{task.dossier.code ?? t('inbox.notReceivedYet')}</Link>
                    <span className="muted small procedure-name">{task.dossier.procedureName ?? task.dossier.procedureCode}</span>
                  </>
                ) : task.instanceId ? (
                  <>
                    <Link to={`/instances/${encodeURIComponent(task.instanceId)}`}>{task.businessKey || shortId(task.instanceId)}</Link>
                    <span className="muted small procedure-name">
                      {task.processKey}
                      {task.version != null && ` · v${task.version}`}
                    </span>
                  </>
                ) : (
                  t('common.none')
                )}
              </th>
              <td className="task-name">
                {name}
                {task.step && <span className="step-tag">{stepLabel(task.step, t)}</span>}
                {completing && <span className="badge badge-completing">{t('inbox.completing')}</span>}
              </td>
              <td>{task.dossier?.applicantName ?? <span className="muted">{t('common.none')}</span>}</td>
              <td>{task.dossier ? <DossierStatusBadge status={task.dossier.status} /> : <span className="muted">{t('common.none')}</span>}</td>
              <td>
                <DueInWorkingTime dueAt={task.dueAt} workingMsLeft={task.workingMsLeft} />
                {overdue && task.workingMsLeft == null && <span className="badge badge-overdue">{t('inbox.overdue')}</span>}
              </td>
              <td>
                {task.assignee || (
                  <span className="muted">{task.candidateGroups?.length ? task.candidateGroups.join(', ') : t('common.none')}</span>
                )}
              </td>
              <td className="actions-col">
                <div className="row-actions">
                  {!completing && !task.assignee && (
                    <button type="button" className="btn btn-small btn-primary" onClick={() => onClaim(task)} aria-label={`${t('inbox.claim')}: ${name}`}>
                      {t('inbox.claim')}
                    </button>
                  )}
                  {!completing && onReassign && (
                    <button type="button" className="btn btn-small" onClick={() => onReassign(task)} aria-label={`${t('inbox.reassign')}: ${name}`}>
                      {t('inbox.reassign')}
                    </button>
                  )}
                  {!completing && mine && (
                    <>
                      <button type="button" className="btn btn-small btn-primary" onClick={() => onOpen(task)} aria-label={`${t('inbox.open')}: ${name}`}>
                        {t('inbox.open')}
                      </button>
                      <button type="button" className="btn btn-small" onClick={() => onUnclaim(task)} aria-label={`${t('inbox.unclaim')}: ${name}`}>
                        {t('inbox.unclaim')}
                      </button>
                    </>
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

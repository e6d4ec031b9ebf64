import { useState } from 'react';
import type { DocumentView, DossierView, TaskView } from '@tthc/contracts';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n-context';
import { errorText } from '../common/error-text';
import { DueInWorkingTime } from '../common/due-badge';
import { claimTask, unclaimTask } from '../inbox/tasks-api';
import { TaskCompleteDialog } from '../inbox/task-complete-dialog';
import { stepLabel } from '../inbox/step-label';
import { ReceivePanel } from './steps/receive-panel';
import { DigitisePanel } from './steps/digitise-panel';
import { SignPanel } from './steps/sign-panel';
import { NoticePanel } from './steps/notice-panel';

interface Props {
  tasks: TaskView[];
  dossier: DossierView;
  documents: DocumentView[];
  xml: string | null;
  onChanged: () => void;
  onDone: (message: string) => void;
}

/** "Việc cần làm": the dossier's open tasks the officer sees, with the panel of each step beside the dossier. */
export function TaskPanel({ tasks, dossier, documents, xml, onChanged, onDone }: Props) {
  const { t } = useI18n();
  if (tasks.length === 0) return <p className="muted">{t('dossier.noOpenTask')}</p>;
  return (
    <>
      {tasks.map((task) => (
        <OneTask key={task.id} task={task} dossier={dossier} documents={documents} xml={xml} onChanged={onChanged} onDone={onDone} />
      ))}
    </>
  );
}

function OneTask({ task, dossier, documents, xml, onChanged, onDone }: { task: TaskView } & Omit<Props, 'tasks'>) {
  const { t } = useI18n();
  const { user } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [generic, setGeneric] = useState(false);
  const mine = !!task.assignee && (task.assignee === user?.username || task.assignee === user?.id);
  const completing = task.state === 'COMPLETING';

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      onChanged();
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  return (
    <article className="task-card" aria-labelledby={`task-${task.id}`} data-task-id={task.id}>
      <header>
        <h3 id={`task-${task.id}`}>{task.name ?? task.elementId}</h3>
        {task.step && <span className="step-tag">{stepLabel(task.step, t)}</span>}
        <p className="small">
          <DueInWorkingTime dueAt={task.dueAt} workingMsLeft={task.workingMsLeft} />
        </p>
        <p className="muted small">{task.assignee ? t('task.assignedTo', { who: task.assignee }) : t('task.offeredTo', { groups: task.candidateGroups.join(', ') || t('common.none') })}</p>
      </header>
      {completing && <p className="badge badge-completing">{t('inbox.completing')}</p>}
      {!completing && !task.assignee && (
        <button type="button" className="btn btn-primary" onClick={() => act(() => claimTask(task.id))}>
          {t('inbox.claim')}
        </button>
      )}
      {!completing && mine && (
        <>
          {task.step === 'receive' ? (
            <ReceivePanel task={task} dossier={dossier} xml={xml} onDone={onDone} />
          ) : task.step === 'digitise' ? (
            <DigitisePanel task={task} dossier={dossier} onChanged={onChanged} onDone={onDone} />
          ) : task.step === 'sign' || task.step === 'return' ? (
            <SignPanel task={task} dossier={dossier} documents={documents} onChanged={onChanged} onDone={onDone} mode={task.step} />
          ) : task.step === 'supplement' || task.step === 'refuse' ? (
            <NoticePanel task={task} kind={task.step} onDone={onDone} />
          ) : (
            <button type="button" className="btn btn-primary" onClick={() => setGeneric(true)}>
              {t('task.openForm')}
            </button>
          )}
          <button type="button" className="btn btn-small btn-ghost" onClick={() => act(() => unclaimTask(task.id))}>
            {t('inbox.unclaim')}
          </button>
        </>
      )}
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      {generic && (
        <TaskCompleteDialog
          task={task}
          onClose={() => setGeneric(false)}
          onCompleted={() => {
            setGeneric(false);
            onDone(t('inbox.completed', { name: task.name ?? task.elementId }));
          }}
        />
      )}
    </article>
  );
}

import { useState, type FormEvent } from 'react';
import type { TaskView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { useModalDialog } from '../common/use-modal-dialog';
import { errorText } from '../common/error-text';
import { reassignTask } from './tasks-api';

interface Props {
  task: TaskView;
  onClose: () => void;
  onDone: (to: string) => void;
}

/** A unit lead gives a task to an officer of the same unit (the API refuses anyone else, said here in Vietnamese). */
export function ReassignDialog({ task, onClose, onDone }: Props) {
  const { t } = useI18n();
  const ref = useModalDialog();
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = task.name || task.elementId || task.id;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!to.trim()) return setError(t('reassign.toRequired'));
    setBusy(true);
    try {
      await reassignTask(task.id, to.trim());
      onDone(to.trim());
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="reassign-title" onCancel={onClose}>
      <form onSubmit={submit} noValidate>
        <header className="dialog-head">
          <div>
            <p className="eyebrow">{t('reassign.title')}</p>
            <h2 id="reassign-title">{name}</h2>
            <p className="muted small">
              {task.assignee ? t('task.assignedTo', { who: task.assignee }) : t('task.offeredTo', { groups: task.candidateGroups.join(', ') || t('common.none') })}
            </p>
          </div>
          <button type="button" className="btn btn-ghost" onClick={onClose} aria-label={t('common.close')}>
            ✕
          </button>
        </header>
        <div className="dialog-body">
          <label className="field">
            <span>{t('reassign.to')}</span>
            <input value={to} onChange={(e) => setTo(e.target.value)} autoComplete="off" />
          </label>
          {error && (
            <div className="alert alert-error" role="alert">
              {error}
            </div>
          )}
        </div>
        <footer className="dialog-foot">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('reassign.submit')}
          </button>
        </footer>
      </form>
    </dialog>
  );
}

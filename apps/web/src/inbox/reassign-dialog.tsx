import { useState, type FormEvent } from 'react';
import type { TaskView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { FormDialog } from '../common/form-dialog';
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
    <FormDialog
      titleId="reassign-title"
      eyebrow={t('reassign.title')}
      title={name}
      meta={task.assignee ? t('task.assignedTo', { who: task.assignee }) : t('task.offeredTo', { groups: task.candidateGroups.join(', ') || t('common.none') })}
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submit={t('reassign.submit')}
    >
      <label className="field">
        <span>{t('reassign.to')}</span>
        <input value={to} onChange={(e) => setTo(e.target.value)} autoComplete="off" />
      </label>
    </FormDialog>
  );
}

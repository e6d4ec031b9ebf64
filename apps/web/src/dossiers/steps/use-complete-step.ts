import { useState } from 'react';
import type { TaskView } from '@tthc/contracts';
import { completeTask } from '../../inbox/tasks-api';
import { useI18n } from '../../i18n/i18n-context';
import { stepRefusal, type StepRefusal } from './step-refusal';

/** Completes the task with the panel's variables; a guard refusal stays next to the action. */
export function useCompleteStep(task: TaskView, onDone: (message: string) => void) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<StepRefusal | null>(null);
  async function complete(variables: Record<string, unknown>) {
    setBusy(true);
    setRefusal(null);
    try {
      await completeTask(task.id, variables);
      onDone(t('inbox.completed', { name: task.name ?? task.elementId }));
    } catch (e) {
      setRefusal(stepRefusal(e, t, lang));
    } finally {
      setBusy(false);
    }
  }
  return { busy, refusal, complete };
}

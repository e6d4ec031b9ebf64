import { useI18n } from '../../i18n/i18n-context';
import type { StepRefusal } from './step-refusal';

/** The engine's refusal, next to the action that caused it; the task stays open. */
export function RefusalAlert({ refusal }: { refusal: StepRefusal | null }) {
  const { t } = useI18n();
  if (!refusal) return null;
  // the engine's Vietnamese message usually names the items already: list them only when it does not
  const items = refusal.items.filter((i) => !refusal.text.includes(i));
  return (
    <div className="alert alert-error refusal" role="alert" data-code={refusal.code}>
      <strong>{t('step.refused')}</strong> {refusal.text}
      {items.length > 0 && (
        <ul>
          {items.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
      <p className="small">{t('step.stillOpen')}</p>
    </div>
  );
}

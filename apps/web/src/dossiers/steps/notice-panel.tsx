import { useState, type FormEvent } from 'react';
import type { TaskView } from '@tthc/contracts';
import { useI18n } from '../../i18n/i18n-context';
import { RefusalAlert } from './refusal-alert';
import { useCompleteStep } from './use-complete-step';

/**
 * Yêu cầu bổ sung (Mẫu 02) / Từ chối (Mẫu 03): the reason, and for a supplement the missing
 * items — pre-filled with what the officer wrote at receipt.
 */
export function NoticePanel({ task, kind, onDone }: { task: TaskView; kind: 'supplement' | 'refuse'; onDone: (m: string) => void }) {
  const { t } = useI18n();
  const vars = task.variables ?? {};
  const [reason, setReason] = useState(typeof vars.reason === 'string' ? vars.reason : '');
  const [items, setItems] = useState(Array.isArray(vars.missingItems) ? (vars.missingItems as unknown[]).map(String).join('\n') : '');
  const [formError, setFormError] = useState<string | null>(null);
  const { busy, refusal, complete } = useCompleteStep(task, onDone);

  function submit(e: FormEvent) {
    e.preventDefault();
    const missingItems = items.split('\n').map((s) => s.trim()).filter(Boolean);
    if (!reason.trim()) return setFormError(t('receive.reasonRequired'));
    if (kind === 'supplement' && missingItems.length === 0) return setFormError(t('receive.missingItemsRequired'));
    setFormError(null);
    return complete(kind === 'supplement' ? { reason: reason.trim(), missingItems } : { reason: reason.trim() });
  }

  return (
    <form className="step-panel" onSubmit={submit} aria-labelledby="notice-title" noValidate>
      <h3 id="notice-title">{kind === 'supplement' ? t('notice.supplementTitle') : t('notice.refuseTitle')}</h3>
      {kind === 'supplement' && (
        <label className="field">
          <span>{t('notice.items')}</span>
          <textarea value={items} onChange={(e) => setItems(e.target.value)} rows={4} />
        </label>
      )}
      <label className="field">
        <span>{kind === 'refuse' ? t('receive.refuseReason') : t('receive.supplementReason')}</span>
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} required />
      </label>
      {formError && (
        <div className="alert alert-error" role="alert">
          {formError}
        </div>
      )}
      <RefusalAlert refusal={refusal} />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t('complete.submitting') : t('notice.submit')}
      </button>
    </form>
  );
}

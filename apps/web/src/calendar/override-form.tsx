import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { errorText } from '../common/error-text';
import { addOverride, DAY_KINDS, previewOverride, type DayKind, type OverrideInput } from './calendar-api';

/** Admin: add a day override with its legal reference; preview which open deadlines move. */
export function OverrideForm({ year, onSaved }: { year: number; onSaved: (message: string) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<OverrideInput>({ date: `${year}-01-01`, kind: 'holiday', reason: '', legalReference: '' });
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<OverrideInput>) => {
    setForm((f) => ({ ...f, ...patch }));
    setPreview(null);
  };

  async function run(action: 'preview' | 'save', event?: FormEvent) {
    event?.preventDefault();
    setError(null);
    setBusy(true);
    try {
      if (action === 'preview') {
        const r = await previewOverride(form);
        setPreview(t('calendar.previewResult', { moved: r.moved.length, unchanged: r.unchanged }));
      } else {
        const r = await addOverride(form);
        onSaved(t('calendar.saved', { date: form.date, moved: r.moved.length }));
        setPreview(null);
      }
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card override-form" onSubmit={(e) => run('save', e)} aria-labelledby="override-title" noValidate>
      <h2 id="override-title">{t('calendar.add')}</h2>
      <div className="form-grid">
        <label className="field">
          <span>{t('calendar.date')}</span>
          <input type="date" required value={form.date} onChange={(e) => set({ date: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('calendar.kind')}</span>
          <select value={form.kind} onChange={(e) => set({ kind: e.target.value as DayKind })}>
            {DAY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`calendar.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('calendar.reason')}</span>
          <input type="text" required value={form.reason} onChange={(e) => set({ reason: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('calendar.legal')}</span>
          <input type="text" required value={form.legalReference} onChange={(e) => set({ legalReference: e.target.value })} />
        </label>
      </div>
      {preview && (
        <div className="alert alert-info" role="status">
          {preview}
        </div>
      )}
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <div className="row-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => run('preview')}>
          {t('calendar.preview')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('calendar.save')}
        </button>
      </div>
    </form>
  );
}

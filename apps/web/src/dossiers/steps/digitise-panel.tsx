import { useState } from 'react';
import type { DossierView, ReusableDocumentView, TaskView } from '@tthc/contracts';
import { useI18n } from '../../i18n/i18n-context';
import { useAsync } from '../../common/use-async';
import { errorText } from '../../common/error-text';
import { getReusableDocuments, reuseDocument, uploadDossierDocument } from '../dossiers-api';
import { RefusalAlert } from './refusal-alert';
import { useCompleteStep } from './use-complete-step';

interface Props {
  task: TaskView;
  dossier: DossierView;
  onChanged: () => void;
  onDone: (message: string) => void;
}

/**
 * Số hóa: a scan per component (upload), or a document the applicant already has with us
 * (same ID number, same agency) linked instead of uploaded again. The engine refuses to
 * complete while a required component has neither.
 */
export function DigitisePanel({ task, dossier, onChanged, onDone }: Props) {
  const { t } = useI18n();
  const components = dossier.components ?? [];
  const reusable = useAsync((signal) => getReusableDocuments(dossier.id, signal), [dossier.id]);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; text: string } | null>(null);
  const [pick, setPick] = useState<Record<string, string>>({});
  const { busy, refusal, complete } = useCompleteStep(task, onDone);

  async function run(componentId: string, action: () => Promise<unknown>) {
    setBusyId(componentId);
    setRowError(null);
    try {
      await action();
      onChanged();
    } catch (e) {
      setRowError({ id: componentId, text: errorText(e, t) });
    } finally {
      setBusyId(null);
    }
  }

  const docs: ReusableDocumentView[] = reusable.data ?? [];
  return (
    <section className="step-panel" aria-labelledby="digitise-title">
      <h3 id="digitise-title">{t('digitise.title')}</h3>
      <p className="muted small">{t('digitise.intro')}</p>
      <ul className="digitise-list">
        {components.map((c) => {
          const done = c.documentId ? 'digitised' : c.reusedDocumentId ? 'reused' : null;
          return (
            <li key={c.id} data-component={c.componentKey}>
              <div className="digitise-name">
                <strong>{c.name}</strong>
                {c.required && <span className="badge badge-required">{t('dossier.required')}</span>}
                {done === 'digitised' && <span className="badge badge-digitised">{t('dossier.digitised')}</span>}
                {done === 'reused' && <span className="badge badge-reused">{t('dossier.reused')}</span>}
                {!done && <span className={c.required ? 'missing small state-note' : 'muted small state-note'}>{t('dossier.notDigitised')}</span>}
              </div>
              <div className="digitise-actions">
                <label className="btn btn-small file-button">
                  {busyId === c.id ? t('digitise.uploading') : done ? t('digitise.replace') : t('digitise.upload')}
                  <span className="sr-only">: {c.name}</span>
                  <input
                    type="file"
                    accept="application/pdf,image/png,image/jpeg"
                    className="sr-only"
                    disabled={busyId !== null}
                    onChange={(e) => {
                      const file = e.target.files?.[0];
                      e.target.value = '';
                      if (file) void run(c.id, () => uploadDossierDocument(dossier.id, file, { componentId: c.id }));
                    }}
                  />
                </label>
                {docs.length > 0 && (
                  <>
                    <label className="sr-only" htmlFor={`reuse-${c.id}`}>
                      {t('digitise.reuseFor', { name: c.name })}
                    </label>
                    <select id={`reuse-${c.id}`} value={pick[c.id] ?? ''} onChange={(e) => setPick((p) => ({ ...p, [c.id]: e.target.value }))}>
                      <option value="">{t('digitise.reusePick')}</option>
                      {docs.map((d) => (
                        <option key={d.id} value={d.id}>
                          {d.name} — {d.fromDossierCode ?? d.fromDossierId.slice(0, 8)}
                        </option>
                      ))}
                    </select>
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={!pick[c.id] || busyId !== null}
                      onClick={() => run(c.id, () => reuseDocument(dossier.id, c.id, pick[c.id]))}
                    >
                      {t('digitise.reuse')}
                      <span className="sr-only">: {c.name}</span>
                    </button>
                  </>
                )}
              </div>
              {rowError?.id === c.id && (
                <div className="alert alert-error" role="alert">
                  {rowError.text}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {reusable.data && docs.length === 0 && <p className="muted small">{t('digitise.nothingToReuse')}</p>}
      <RefusalAlert refusal={refusal} />
      <button type="button" className="btn btn-primary" disabled={busy} onClick={() => complete({})}>
        {busy ? t('complete.submitting') : t('digitise.submit')}
      </button>
    </section>
  );
}

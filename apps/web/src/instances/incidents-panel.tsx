import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { api } from '../common/api-client';
import { Notice } from '../common/feedback';
import type { Incident } from '../common/types';
import { useVariablesSubmit } from '../inbox/use-variables-submit';
import { fieldsFrom, type VariableField } from '../inbox/variable-fields';
import { VariableFieldsEditor } from '../inbox/variable-fields-editor';

interface Props {
  instanceId: string;
  incidents: Incident[];
  variables?: Record<string, unknown>;
  onRetried: () => void;
}

/** Open incidents of an instance; an operator corrects variables and retries (issue #3). */
export function IncidentsPanel({ instanceId, incidents, variables, onRetried }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  const [fields, setFields] = useState<VariableField[]>([]);
  const { busy, error, clearError, submit } = useVariablesSubmit();
  const [done, setDone] = useState<string | null>(null);
  if (!incidents.length) return done ? <Notice>{done}</Notice> : null;

  function start(incident: Incident) {
    setOpen(incident.id);
    setFields(fieldsFrom(variables));
    clearError();
  }

  function retry(event: FormEvent, incident: Incident) {
    return submit(event, fields, async (changed) => {
      const path = `/process-instances/${encodeURIComponent(instanceId)}/incidents/${encodeURIComponent(incident.id)}/retry`;
      await api(path, { method: 'POST', json: { variables: changed } });
      setDone(t('incident.retried', { element: incident.elementId }));
      setOpen(null);
      onRetried();
    });
  }

  return (
    <section className="card card-incident" aria-labelledby="incidents-title">
      <h2 id="incidents-title">
        {t('incident.title')} <span className="badge badge-failed">{incidents.length}</span>
      </h2>
      <p className="muted small">{t('incident.intro')}</p>
      <ul className="problem-list">
        {incidents.map((incident) => (
          <li key={incident.id}>
            <code>{incident.elementId}</code>
            <p>{incident.message}</p>
            {open === incident.id ? (
              <form onSubmit={(e) => retry(e, incident)} noValidate className="incident-form">
                <p className="eyebrow">{t('incident.fix')}</p>
                <VariableFieldsEditor fields={fields} setFields={setFields} />
                {error && (
                  <div className="alert alert-error" role="alert">
                    {error}
                  </div>
                )}
                <div className="row-actions">
                  <button type="button" className="btn" onClick={() => setOpen(null)}>
                    {t('common.cancel')}
                  </button>
                  <button type="submit" className="btn btn-primary" disabled={busy}>
                    {busy ? t('incident.retrying') : t('incident.retry')}
                  </button>
                </div>
              </form>
            ) : (
              <button type="button" className="btn btn-small" onClick={() => start(incident)}>
                {t('incident.retry')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

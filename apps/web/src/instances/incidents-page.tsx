import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { useAuth } from '../auth/auth-context';
import { useAsync } from '../common/use-async';
import { EmptyState, ErrorMessage, Loading, Notice } from '../common/feedback';
import { errorText } from '../common/error-text';
import { usePageTitle } from '../common/use-page-title';
import { parseVariablesJson } from '../common/variables-json';
import { IncidentCounts } from './incident-counts';
import { listIncidents, retryIncidents } from './operations-api';
import './operations.css';

/** "Sự cố": open incidents across instances with counts by process and step; batch retry with corrected variables (issue 16). */
export function IncidentsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  usePageTitle(t('incidents.title'));
  const [processKey, setProcessKey] = useState('');
  const [elementId, setElementId] = useState('');
  const data = useAsync((signal) => listIncidents({ processKey: processKey || undefined, elementId: elementId || undefined }, signal), [processKey, elementId]);
  const all = useAsync((signal) => listIncidents({}, signal), []);
  const [vars, setVars] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const canRetry = !!user?.roles?.some((r) => r === 'admin' || r === 'analyst' || r === 'officer');

  async function retry(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const variables = parseVariablesJson(vars);
    if (variables === null) return setMessage({ ok: false, text: t('modify.variablesInvalid') });
    setBusy(true);
    try {
      const r = await retryIncidents({ processKey, ...(elementId ? { elementId } : {}), ...(variables ? { variables } : {}) });
      setMessage({ ok: r.refused === 0, text: t('incidents.retryDone', { ok: r.ok, total: r.total, refused: r.refused }) });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, t) });
    } finally {
      setBusy(false);
      data.reload();
      all.reload();
    }
  }

  const counts = all.data?.counts;
  const elements = (counts?.byElement ?? []).filter((c) => !processKey || c.processKey === processKey);
  return (
    <section aria-labelledby="incidents-title">
      <div className="page-head">
        <h1 id="incidents-title">{t('incidents.title')}</h1>
        <button type="button" className="btn btn-ghost push-right" onClick={() => (data.reload(), all.reload())}>
          {t('common.refresh')}
        </button>
      </div>
      <p className="muted">{t('incidents.intro')}</p>
      {message &&
        (message.ok ? (
          <Notice>{message.text}</Notice>
        ) : (
          <div className="alert alert-error" role="alert">
            {message.text}
          </div>
        ))}
      {counts && counts.byProcess.length > 0 && <IncidentCounts byProcess={counts.byProcess} byElement={elements} onPick={(key, element) => (setProcessKey(key), setElementId(element))} />}
      <div className="panel">
        <div className="filters">
          <label className="field inline">
            <span>{t('incidents.filterProcess')}</span>
            <select value={processKey} onChange={(e) => (setProcessKey(e.target.value), setElementId(''))} name="processKey">
              <option value="">{t('incidents.all')}</option>
              {(counts?.byProcess ?? []).map((c) => (
                <option key={c.processKey} value={c.processKey}>
                  {c.processKey}
                </option>
              ))}
            </select>
          </label>
          <label className="field inline">
            <span>{t('incidents.filterElement')}</span>
            <select value={elementId} onChange={(e) => setElementId(e.target.value)} name="elementId">
              <option value="">{t('incidents.all')}</option>
              {[...new Set(elements.map((c) => c.elementId))].map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
          {data.data && <span className="muted">{t('incidents.total', { count: data.data.total })}</span>}
        </div>
        {data.error ? (
          <ErrorMessage error={data.error} onRetry={data.reload} />
        ) : !data.data ? (
          <Loading />
        ) : data.data.items.length === 0 ? (
          <EmptyState>{t('incidents.empty')}</EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('incidents.col.instance')}</th>
                <th scope="col">{t('incidents.col.process')}</th>
                <th scope="col">{t('incidents.col.element')}</th>
                <th scope="col">{t('incidents.col.message')}</th>
              </tr>
            </thead>
            <tbody>
              {data.data.items.map((i) => (
                <tr key={i.incidentId}>
                  <th scope="row">
                    <Link to={`/instances/${encodeURIComponent(i.instanceId)}`}>{i.businessKey || i.instanceId}</Link>
                  </th>
                  <td>
                    {i.processKey} <span className="muted">· v{i.version}</span>
                  </td>
                  <td>
                    <code>{i.elementId}</code>
                  </td>
                  <td>{i.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canRetry && processKey && (data.data?.total ?? 0) > 0 && (
          <form onSubmit={retry} className="incident-form" aria-label={t('incidents.retryAll')}>
            <label className="field">
              <span>{t('incidents.retryVars')}</span>
              <textarea value={vars} onChange={(e) => setVars(e.target.value)} name="variables" rows={2} />
            </label>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('incidents.retrying') : t('incidents.retryAll')}
            </button>
          </form>
        )}
      </div>
    </section>
  );
}

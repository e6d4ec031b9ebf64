import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';
import { usePaged } from '../common/use-paged';
import { EmptyState, ErrorMessage, Loading } from '../common/feedback';
import { LoadMore } from '../common/load-more';
import { errorText } from '../common/error-text';
import { PayloadSummary } from '../common/payload-summary';
import { formatDateTime } from '../common/format-date';
import { listAudit, listReplayAlerts, verifyAudit, type AuditEntry } from './audit-api';
import { usePageTitle } from '../common/use-page-title';

const ENTITIES = ['process-instance', 'dossier', 'task', 'deployment', 'message', 'signal', 'calendar-day', 'user', 'replay-alert', 'worker-build'];

/** The append-only, hash-chained audit log, for auditors and admins, with a chain check. */
export function AuditPage() {
  const { t, locale } = useI18n();
  usePageTitle(t('audit.title'));
  const [params, setParams] = useSearchParams();
  const entity = params.get('entity') ?? '';
  const entityId = params.get('entityId') ?? '';
  const list = usePaged<AuditEntry>((cursor, signal) => listAudit({ entity, entityId }, cursor, signal), [entity, entityId]);
  const [check, setCheck] = useState<{ ok: boolean; text: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const alerts = useAsync((signal) => listReplayAlerts(signal), []);
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const openDossier = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim()) navigate(`/audit/ho-so/${encodeURIComponent(code.trim())}`);
  };

  async function verify() {
    setChecking(true);
    try {
      const r = await verifyAudit();
      const f = r.firstBroken;
      const broken =
        f?.chain === 'dossier' ? t('audit.dossierBroken', { code: f.code ?? f.dossierId, seq: f.seq }) : t('audit.broken', { seq: r.brokenAtSeq ?? f?.seq ?? '?' });
      setCheck(r.ok ? { ok: true, text: t('audit.ok', { count: r.count, dossiers: r.dossiers?.checked ?? 0 }) } : { ok: false, text: broken });
    } catch (e) {
      setCheck({ ok: false, text: errorText(e, t) });
    } finally {
      setChecking(false);
    }
  }

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">{t('audit.title')}</h1>
        <label className="field inline push-right">
          <span>{t('audit.filter')}</span>
          <select value={entity} onChange={(e) => setParams(e.target.value ? { entity: e.target.value } : {})}>
            <option value="">{t('audit.filterAll')}</option>
            {ENTITIES.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-primary" onClick={verify} disabled={checking}>
          {checking ? t('audit.verifying') : t('audit.verify')}
        </button>
      </div>
      <p className="muted small">
        {t('audit.intro')}
        {entityId && (
          <>
            {' '}
            <code>
              {entity} {entityId}
            </code>
          </>
        )}
      </p>
      <form className="inline-form" onSubmit={openDossier} aria-label={t('auditDossier.open')}>
        <label className="field inline">
          <span>{t('auditDossier.openLabel')}</span>
          <input value={code} onChange={(e) => setCode(e.target.value)} placeholder="STP.MOTCUA-261202-0001" />
        </label>
        <button type="submit" className="btn">
          {t('auditDossier.openButton')}
        </button>
      </form>
      {!!alerts.data?.items.length && (
        <div className="alert alert-error" role="alert">
          <strong>{t('audit.alerts', { count: alerts.data.items.length })}</strong>
          <ul>
            {alerts.data.items.map((a) => (
              <li key={a.seq}>{t('audit.alertItem', { workflow: a.workflowId, build: a.buildId, message: a.divergence.message })}</li>
            ))}
          </ul>
        </div>
      )}
      {check && (
        <div className={check.ok ? 'alert alert-success' : 'alert alert-error'} role={check.ok ? 'status' : 'alert'}>
          {check.text}
        </div>
      )}
      <div className="panel panel-plain">
        {list.error != null ? (
          <ErrorMessage error={list.error} onRetry={list.reload} />
        ) : !list.items ? (
          <Loading />
        ) : list.items.length === 0 ? (
          <EmptyState>{t('audit.empty')}</EmptyState>
        ) : (
          <table className="table table-compact audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.col.seq')}</th>
                <th scope="col">{t('audit.col.at')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.entity')}</th>
                <th scope="col">{t('audit.col.details')}</th>
                <th scope="col">{t('audit.col.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((e) => (
                <tr key={e.seq}>
                  <th scope="row">{e.seq}</th>
                  <td>{formatDateTime(e.at, locale)}</td>
                  <td>{e.actor}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td className="small">
                    {e.entity}
                    {e.entityId && <span className="muted"> {e.entityId}</span>}
                  </td>
                  <td className="small details-cell">
                    <PayloadSummary payload={e.details as Record<string, unknown> | null} />
                  </td>
                  <td>
                    <code title={e.hash}>{e.hash.slice(0, 10)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} />
      </div>
    </section>
  );
}

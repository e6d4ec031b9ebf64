import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { DOSSIER_STATUSES, DOSSIER_STATUS_LABELS, type DossierStatus, type DossierView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { usePaged } from '../common/use-paged';
import { useAsync } from '../common/use-async';
import { LoadMore } from '../common/load-more';
import { EmptyState, ErrorMessage, Loading } from '../common/feedback';
import { formatDateTime } from '../common/format-date';
import { usePageTitle } from '../common/use-page-title';
import type { MessageKey } from '../i18n/vi';
import { listDossiers, listProcedures, type DossierFilters } from './dossiers-api';
import { DossierStatusBadge } from './dossier-status-badge';

/** Danh sách hồ sơ: filters by code, status, procedure, applicant ID; newest first, keyset paging. */
export function DossiersPage() {
  const { t, lang, locale } = useI18n();
  usePageTitle(t('dossiers.title'));
  const [draft, setDraft] = useState({ code: '', status: '', procedure: '', applicantId: '' });
  const [filters, setFilters] = useState<DossierFilters>({});
  const procedures = useAsync((signal) => listProcedures(signal), []);
  const dossiers = usePaged<DossierView>((cursor, signal) => listDossiers(filters, cursor, signal), [JSON.stringify(filters)]);

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters({
      code: draft.code.trim() || undefined,
      status: draft.status ? [Number(draft.status) as DossierStatus] : undefined,
      procedure: draft.procedure || undefined,
      applicantId: draft.applicantId.trim() || undefined,
    });
  }
  const statusLabel = (s: DossierStatus) => (lang === 'vi' ? DOSSIER_STATUS_LABELS[s] : t(`dossierStatus.${s}` as MessageKey));

  return (
    <section aria-labelledby="dossiers-title">
      <div className="page-head">
        <h1 id="dossiers-title">{t('dossiers.title')}</h1>
        <button type="button" className="btn btn-ghost push-right" onClick={dossiers.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <form className="filters" onSubmit={apply} role="search" aria-label={t('dossiers.filters')}>
        <label className="field">
          <span>{t('dossiers.code')}</span>
          <input value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })} placeholder="STP.MOTCUA-…" />
        </label>
        <label className="field">
          <span>{t('dossiers.status')}</span>
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">{t('audit.filterAll')}</option>
            {DOSSIER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('dossiers.procedure')}</span>
          <select value={draft.procedure} onChange={(e) => setDraft({ ...draft, procedure: e.target.value })}>
            <option value="">{t('audit.filterAll')}</option>
            {(procedures.data ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} — {p.name.length > 60 ? `${p.name.slice(0, 57)}…` : p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('dossiers.applicantId')}</span>
          <input value={draft.applicantId} onChange={(e) => setDraft({ ...draft, applicantId: e.target.value })} inputMode="numeric" />
        </label>
        <button type="submit" className="btn btn-primary">
          {t('dossiers.search')}
        </button>
      </form>
      {dossiers.error ? (
        <ErrorMessage error={dossiers.error} onRetry={dossiers.reload} />
      ) : dossiers.loading && !dossiers.items ? (
        <Loading />
      ) : (dossiers.items ?? []).length === 0 ? (
        <EmptyState>{t('dossiers.empty')}</EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('dossiers.code')}</th>
              <th scope="col">{t('dossiers.procedure')}</th>
              <th scope="col">{t('dossier.applicant')}</th>
              <th scope="col">{t('dossier.receivedAt')}</th>
              <th scope="col">{t('dossier.dueAt')}</th>
              <th scope="col">{t('dossiers.status')}</th>
            </tr>
          </thead>
          <tbody>
            {(dossiers.items ?? []).map((d) => (
              <tr key={d.id} data-dossier-id={d.id}>
                <th scope="row">
                  <Link to={`/ho-so/${encodeURIComponent(d.id)}`}>{d.code ?? t('dossier.noCodeShort', { id: d.id.slice(0, 8) })}</Link>
                  <br />
                  <span className="muted small">{t(`channel.${d.channel}` as MessageKey)}</span>
                </th>
                <td className="wrap">{d.procedureName}</td>
                <td>{d.applicant.name}</td>
                <td>{d.receivedAt ? formatDateTime(d.receivedAt, locale) : <span className="muted">{t('dossiers.notReceived')}</span>}</td>
                <td>{d.dueAt ? formatDateTime(d.dueAt, locale) : <span className="muted">{t('common.none')}</span>}</td>
                <td>
                  <DossierStatusBadge status={d.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore hasMore={dossiers.hasMore} loading={dossiers.loadingMore} onClick={dossiers.loadMore} />
    </section>
  );
}

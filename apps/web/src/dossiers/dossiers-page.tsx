import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading } from '../common/feedback';
import { formatDateTime } from '../common/format-date';
import { LoadMore } from '../common/load-more';
import { usePageTitle } from '../common/use-page-title';
import { usePaged } from '../common/use-paged';
import { useI18n } from '../i18n/i18n-context';
import { listDossiers, type Dossier } from './dossiers-api';

const STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** The one-stop dossiers of the officer's agency, newest first, by national status. */
export function DossiersPage() {
  const { t, locale } = useI18n();
  usePageTitle(t('dossiers.title'));
  const [status, setStatus] = useState('');
  const list = usePaged<Dossier>((cursor, signal) => listDossiers({ status: status || undefined, cursor }, signal), [status]);

  return (
    <section aria-labelledby="dossiers-title">
      <div className="page-head">
        <h1 id="dossiers-title">{t('dossiers.title')}</h1>
        <label className="field inline push-right">
          <span>{t('dossiers.filter.status')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('instances.filter.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={String(s)}>
                {t(`dossier.status.${s}` as Parameters<typeof t>[0])}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-ghost" onClick={list.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <div className="panel">
        {list.error ? (
          <ErrorMessage error={list.error} onRetry={list.reload} />
        ) : list.loading && !list.items ? (
          <Loading />
        ) : !list.items?.length ? (
          <EmptyState>{t('dossiers.empty')}</EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('dossier.code')}</th>
                <th scope="col">{t('dossier.procedure')}</th>
                <th scope="col">{t('dossier.applicant')}</th>
                <th scope="col">{t('dossier.status')}</th>
                <th scope="col">{t('dossier.receivedAt')}</th>
                <th scope="col">{t('dossier.dueAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <Link to={`/dossiers/${encodeURIComponent(d.id)}`}>{d.code ?? t('dossier.notReceived')}</Link>
                  </th>
                  <td>{d.procedureName}</td>
                  <td>{d.applicant.name}</td>
                  <td>
                    <span className="badge" data-status={d.status}>
                      {t(`dossier.status.${d.status}` as Parameters<typeof t>[0])}
                    </span>
                  </td>
                  <td>{d.receivedAt ? formatDateTime(d.receivedAt, locale) : t('common.none')}</td>
                  <td>{d.dueAt ? formatDateTime(d.dueAt, locale) : t('common.none')}</td>
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

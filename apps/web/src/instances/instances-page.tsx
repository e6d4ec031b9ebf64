import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { StartInstanceDialog } from './start-instance-dialog';
import { useI18n } from '../i18n/i18n-context';
import { usePaged } from '../common/use-paged';
import { LoadMore } from '../common/load-more';
import type { ProcessInstance } from '../common/types';
import { EmptyState, ErrorMessage, Loading, StateBadge } from '../common/feedback';
import { formatDateTime } from '../common/format-date';
import { listInstances } from './instances-api';
import { usePageTitle } from '../common/use-page-title';

const STATES = ['ACTIVE', 'COMPLETED', 'CANCELED', 'TERMINATED', 'FAILED'];

export function InstancesPage() {
  const { t, locale } = useI18n();
  usePageTitle(t('instances.title'));
  const [state, setState] = useState('');
  const [starting, setStarting] = useState(false);
  const navigate = useNavigate();
  const list = usePaged<ProcessInstance>((cursor, signal) => listInstances({ state: state || undefined, cursor }, signal), [state]);

  return (
    <section aria-labelledby="instances-title">
      <div className="page-head">
        <h1 id="instances-title">{t('instances.title')}</h1>
        <label className="field inline push-right">
          <span>{t('instances.filter.state')}</span>
          <select value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">{t('instances.filter.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`state.${s}` as Parameters<typeof t>[0])}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-ghost" onClick={list.reload}>
          {t('common.refresh')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => setStarting(true)}>
          {t('start.open')}
        </button>
      </div>
      {starting && (
        <StartInstanceDialog
          onClose={() => setStarting(false)}
          onStarted={(id) => navigate(`/instances/${encodeURIComponent(id)}`)}
        />
      )}
      <div className="panel">
        {list.error ? (
          <ErrorMessage error={list.error} onRetry={list.reload} />
        ) : list.loading && !list.items ? (
          <Loading />
        ) : !list.items?.length ? (
          <EmptyState>{t('instances.empty')}</EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('instances.col.id')}</th>
                <th scope="col">{t('instances.col.process')}</th>
                <th scope="col">{t('instances.col.state')}</th>
                <th scope="col">{t('instances.col.started')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((pi) => (
                <tr key={pi.id}>
                  <th scope="row">
                    <Link to={`/instances/${encodeURIComponent(pi.id)}`}>{pi.businessKey || pi.id}</Link>
                  </th>
                  <td>
                    {pi.processKey} <span className="muted">· v{pi.version}</span>
                  </td>
                  <td>
                    <StateBadge state={pi.state} />
                  </td>
                  <td>{formatDateTime(pi.startedAt, locale)}</td>
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

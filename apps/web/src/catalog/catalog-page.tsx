import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { PROCEDURE_STATUSES, type ProcedureView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { useAsync } from '../common/use-async';
import { EmptyState, ErrorMessage, Loading } from '../common/feedback';
import { usePageTitle } from '../common/use-page-title';
import type { MessageKey } from '../i18n/vi';
import { listCatalog, STATUS_BADGE } from './catalog-api';

/** Danh mục thủ tục hành chính (`#/thu-tuc`): the catalog the dossiers are filed against. */
export function CatalogPage() {
  const { t } = useI18n();
  usePageTitle(t('catalog.title'));
  const catalog = useAsync((signal) => listCatalog(signal), []);
  const [text, setText] = useState('');
  const [agency, setAgency] = useState('');
  const [status, setStatus] = useState('');
  const agencies = useMemo(() => [...new Set((catalog.data ?? []).map((p) => p.agency))].sort(), [catalog.data]);
  const needle = text.trim().toLocaleLowerCase('vi');
  const shown = (catalog.data ?? []).filter(
    (p: ProcedureView) =>
      (!agency || p.agency === agency) &&
      (!status || p.status === status) &&
      (!needle || p.code.includes(needle) || p.name.toLocaleLowerCase('vi').includes(needle) || p.field.toLocaleLowerCase('vi').includes(needle)),
  );

  return (
    <section aria-labelledby="catalog-title">
      <div className="page-head">
        <h1 id="catalog-title">{t('catalog.title')}</h1>
        <button type="button" className="btn btn-ghost push-right" onClick={catalog.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <p className="muted">{t('catalog.intro')}</p>
      <form className="filters" role="search" aria-label={t('catalog.filters')} onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>{t('catalog.search')}</span>
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="2.000815, khai sinh…" />
        </label>
        <label className="field">
          <span>{t('catalog.agency')}</span>
          <select value={agency} onChange={(e) => setAgency(e.target.value)}>
            <option value="">{t('audit.filterAll')}</option>
            {agencies.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('catalog.status')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('audit.filterAll')}</option>
            {PROCEDURE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`catalog.status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {catalog.error ? (
        <ErrorMessage error={catalog.error} onRetry={catalog.reload} />
      ) : catalog.loading && !catalog.data ? (
        <Loading />
      ) : shown.length === 0 ? (
        <EmptyState>{(catalog.data ?? []).length === 0 ? t('catalog.empty') : t('catalog.noMatch')}</EmptyState>
      ) : (
        <table className="table" aria-describedby="catalog-title">
          <thead>
            <tr>
              <th scope="col">{t('catalog.code')}</th>
              <th scope="col">{t('catalog.name')}</th>
              <th scope="col">{t('catalog.field')}</th>
              <th scope="col">{t('catalog.agency')}</th>
              <th scope="col">{t('catalog.onlineLevel')}</th>
              <th scope="col">{t('catalog.statutoryDays')}</th>
              <th scope="col">{t('catalog.status')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={p.code} data-procedure-code={p.code}>
                <th scope="row">
                  <Link to={`/thu-tuc/${encodeURIComponent(p.code)}`}>{p.code}</Link>
                </th>
                <td className="wrap">
                  <Link to={`/thu-tuc/${encodeURIComponent(p.code)}`}>{p.name}</Link>
                </td>
                <td className="wrap">{p.field}</td>
                <td>{p.agency}</td>
                <td>{t(`catalog.online.${p.onlineLevel}` as MessageKey)}</td>
                <td>{t('catalog.days', { n: p.statutoryDays })}</td>
                <td>
                  <span className={`badge ${STATUS_BADGE[p.status]}`}>{t(`catalog.status.${p.status}` as MessageKey)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

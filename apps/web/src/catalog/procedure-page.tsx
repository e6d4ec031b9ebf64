import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { PROCEDURE_STATUSES, type ProcedureDetailView, type ProcedureStatus } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { useAsync } from '../common/use-async';
import { ErrorMessage, Loading, Notice } from '../common/feedback';
import { formatDateTime } from '../common/format-date';
import { usePageTitle } from '../common/use-page-title';
import type { MessageKey } from '../i18n/vi';
import { getCatalogEntry, STATUS_BADGE, updateCatalogEntry } from './catalog-api';

/** One catalog entry (`#/thu-tuc/:code`): everything the citizen and the officer need to know, and its versions. */
export function ProcedurePage() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const entry = useAsync((signal) => getCatalogEntry(code, signal), [code]);
  usePageTitle(entry.data ? `${entry.data.code} — ${t('catalog.title')}` : t('catalog.title'));
  return (
    <section aria-labelledby="procedure-title">
      <p>
        <Link to="/thu-tuc">← {t('catalog.back')}</Link>
      </p>
      {entry.error ? (
        <>
          <h1 id="procedure-title">{t('catalog.title')}</h1>
          <ErrorMessage error={entry.error} onRetry={entry.reload} />
        </>
      ) : !entry.data ? (
        <Loading />
      ) : (
        <ProcedureDetail p={entry.data} onChanged={entry.reload} />
      )}
    </section>
  );
}

function ProcedureDetail({ p, onChanged }: { p: ProcedureDetailView; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const money = (n: number | null, unit?: string) => (n === null ? t('catalog.feeVaries') : n === 0 ? t('catalog.free') : `${n.toLocaleString('vi-VN')} ${unit ?? 'đồng'}`);
  return (
    <>
      <div className="page-head">
        <h1 id="procedure-title">{p.name}</h1>
        <span className={`badge ${STATUS_BADGE[p.status]} push-right`}>{t(`catalog.status.${p.status}` as MessageKey)}</span>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('catalog.code')}</dt>
          <dd>{p.code}</dd>
        </div>
        <div>
          <dt>{t('catalog.field')}</dt>
          <dd>{p.field}</dd>
        </div>
        <div>
          <dt>{t('catalog.agency')}</dt>
          <dd>{p.agency}</dd>
        </div>
        <div>
          <dt>{t('catalog.level')}</dt>
          <dd>{t(`catalog.level.${p.level}` as MessageKey)}</dd>
        </div>
        <div>
          <dt>{t('catalog.onlineLevel')}</dt>
          <dd>{t(`catalog.online.${p.onlineLevel}` as MessageKey)}</dd>
        </div>
        <div>
          <dt>{t('catalog.statutoryDays')}</dt>
          <dd>{t('catalog.days', { n: p.statutoryDays })}</dd>
        </div>
        <div>
          <dt>{t('catalog.cutoff')}</dt>
          <dd>{p.cutoff ? t('catalog.cutoffAt', { time: p.cutoff }) : t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('catalog.process')}</dt>
          <dd>
            <code>{p.processKey}</code>
          </dd>
        </div>
      </dl>
      {p.editable && <StatusEditor p={p} onChanged={onChanged} />}

      <section aria-labelledby="components-title" className="card">
        <h2 id="components-title">{t('catalog.components')}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('catalog.componentName')}</th>
              <th scope="col">{t('catalog.componentForm')}</th>
              <th scope="col">{t('catalog.componentCount')}</th>
              <th scope="col">{t('catalog.componentRequired')}</th>
            </tr>
          </thead>
          <tbody>
            {p.components.map((c) => (
              <tr key={c.id}>
                <td className="wrap">
                  {c.name}
                  {c.note && <div className="muted small">{c.note}</div>}
                </td>
                <td>{t(`catalog.form.${c.form}` as MessageKey)}</td>
                <td>{c.count}</td>
                <td>{c.required ? t('catalog.required') : t('catalog.optional')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="fees-title" className="card">
        <h2 id="fees-title">{t('catalog.fees')}</h2>
        {p.fees.length === 0 ? (
          <p>{t('catalog.noFees')}</p>
        ) : (
          <ul>
            {p.fees.map((f) => (
              <li key={f.name}>
                {f.name}: <strong>{money(f.amount, f.unit)}</strong>
                {f.note && <span className="muted small"> — {f.note}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="results-title" className="card">
        <h2 id="results-title">{t('catalog.results')}</h2>
        <ul>
          {p.resultDocuments.map((r) => (
            <li key={r.name}>
              {r.name}
              {r.note && <span className="muted small"> — {r.note}</span>}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="legal-title" className="card">
        <h2 id="legal-title">{t('catalog.legalBasis')}</h2>
        <ul>
          {p.legalBasis.map((l) => (
            <li key={l.document}>
              <strong>{l.document}</strong> — {l.title}
              {l.articles && <span className="muted small"> ({l.articles})</span>}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="versions-title" className="card">
        <h2 id="versions-title">{t('catalog.versions')}</h2>
        {p.history.length === 0 ? (
          <p>{t('catalog.noVersions')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('catalog.version')}</th>
                <th scope="col">{t('catalog.source')}</th>
                <th scope="col">{t('catalog.deployedAt')}</th>
                <th scope="col">{t('catalog.deployedBy')}</th>
                <th scope="col">{t('catalog.note')}</th>
              </tr>
            </thead>
            <tbody>
              {p.history.map((v) => (
                <tr key={v.id}>
                  <th scope="row">
                    <Link to={`/designer/${encodeURIComponent(p.processKey)}/${v.definitionVersion}`}>v{v.definitionVersion}</Link>
                    {v.layoutOnly && <span className="muted small"> {t('catalog.layoutOnly')}</span>}
                  </th>
                  <td>{v.source === 'designer' ? t('catalog.source.designer', { n: v.number ?? '' }) : t('catalog.source.deployment')}</td>
                  <td>
                    <time dateTime={v.at}>{formatDateTime(v.at, locale)}</time>
                  </td>
                  <td>{v.author || t('common.none')}</td>
                  <td className="wrap">{v.note ?? t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {p.drafts.length > 0 && (
        <section aria-labelledby="drafts-title" className="card">
          <h2 id="drafts-title">{t('catalog.drafts')}</h2>
          <ul>
            {p.drafts.map((d) => (
              <li key={d.id}>
                {d.name} — {t('catalog.draftLine', { revision: d.revision, base: d.baseVersion ?? '—', by: d.updatedBy })} <time dateTime={d.updatedAt}>{formatDateTime(d.updatedAt, locale)}</time>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** analysts of the owning agency and admins: draft → published → retired */
function StatusEditor({ p, onChanged }: { p: ProcedureDetailView; onChanged: () => void }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<ProcedureStatus>(p.status);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  async function save() {
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      await updateCatalogEntry(p.code, { status });
      setSaved(true);
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="filters"
      aria-label={t('catalog.changeStatus')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label className="field">
        <span>{t('catalog.changeStatus')}</span>
        <select value={status} onChange={(e) => setStatus(e.target.value as ProcedureStatus)}>
          {PROCEDURE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`catalog.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy || status === p.status}>
        {t('catalog.save')}
      </button>
      {saved && <Notice>{t('catalog.saved')}</Notice>}
      {error !== undefined && <ErrorMessage error={error} />}
    </form>
  );
}

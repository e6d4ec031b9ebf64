import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorMessage, Loading } from '../common/feedback';
import { formatDateTime } from '../common/format-date';
import { useAsync } from '../common/use-async';
import { usePageTitle } from '../common/use-page-title';
import { useI18n } from '../i18n/i18n-context';
import { Fact } from './fact';
import { getDossier, getProgress, openForm } from './dossiers-api';

const FORMS = ['receipt', 'supplement', 'refusal', 'apology', 'control-sheet'] as const;

/** One dossier: applicant, dates, components (digitised or reused), national progress, forms. */
export function DossierPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const dossier = useAsync((signal) => getDossier(id, signal), [id]);
  const progress = useAsync((signal) => getProgress(id, signal), [id]);
  const [formError, setFormError] = useState<unknown>();
  const d = dossier.data;
  usePageTitle(t('dossier.title', { code: d?.code ?? t('dossier.notReceived') }));
  const date = (iso: string | null) => (iso ? formatDateTime(iso, locale) : t('common.none'));

  if (dossier.error) return <ErrorMessage error={dossier.error} onRetry={dossier.reload} />;
  if (!d) return <Loading />;
  return (
    <section aria-labelledby="dossier-title">
      <div className="page-head">
        <h1 id="dossier-title">{t('dossier.title', { code: d.code ?? t('dossier.notReceived') })}</h1>
        <span className="badge" data-status={d.status}>
          {t(`dossier.status.${d.status}` as Parameters<typeof t>[0])}
        </span>
        <Link className="btn btn-ghost push-right" to={`/instances/${encodeURIComponent(d.instanceId)}`}>
          {t('dossier.openInstance')}
        </Link>
      </div>
      <div className="panel">
        <dl className="facts">
          <Fact label={t('dossier.procedure')}>{d.procedureName}</Fact>
          <Fact label={t('dossier.applicant')}>
            {d.applicant.name} · {d.applicant.idNumber} · {d.applicant.address}
          </Fact>
          <Fact label={t('dossier.channel')}>{t(`dossier.channel.${d.channel}` as Parameters<typeof t>[0])}</Fact>
          <Fact label={t('dossier.submittedAt')}>{date(d.submittedAt)}</Fact>
          <Fact label={t('dossier.receivedAt')}>{date(d.receivedAt)}</Fact>
          <Fact label={t('dossier.dueAt')}>
            {date(d.dueAt)}
            {d.originalDueAt && d.originalDueAt !== d.dueAt ? ` (${t('dossier.originalDueAt')}: ${date(d.originalDueAt)})` : ''}
          </Fact>
          {d.lateReceipt && (
            <>
              <Fact label={t('dossier.lateReceipt')}>{t('common.yes')}</Fact>
            </>
          )}
        </dl>
      </div>
      <h2>{t('dossier.components')}</h2>
      <div className="panel">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('dossier.component.name')}</th>
              <th scope="col">{t('dossier.component.form')}</th>
              <th scope="col">{t('dossier.component.count')}</th>
              <th scope="col">{t('dossier.component.state')}</th>
            </tr>
          </thead>
          <tbody>
            {(d.components ?? []).map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.name}
                  {c.required ? ' *' : ''}
                </th>
                <td>{t(`dossier.form.${c.form}` as Parameters<typeof t>[0])}</td>
                <td>{c.count}</td>
                <td>{c.documentId ? t('dossier.component.digitised') : c.reusedDocumentId ? t('dossier.component.reused') : c.required ? t('dossier.component.missing') : t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('dossier.progress')}</h2>
      <div className="panel">
        {progress.error ? (
          <ErrorMessage error={progress.error} onRetry={progress.reload} />
        ) : !progress.data ? (
          <Loading />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('dossier.progress.at')}</th>
                <th scope="col">{t('dossier.status')}</th>
                <th scope="col">{t('dossier.progress.handler')}</th>
                <th scope="col">{t('dossier.progress.content')}</th>
              </tr>
            </thead>
            <tbody>
              {progress.data.map((p) => (
                <tr key={p.seq}>
                  <td>{date(p.ThoiDiemXuLy)}</td>
                  <td>{t(`dossier.status.${p.TrangThai}` as Parameters<typeof t>[0])}</td>
                  <td>
                    {p.NguoiXuLy} <span className="muted">· {p.PhongBanXuLy}</span>
                  </td>
                  <td>{p.NoiDungXuLy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <h2>{t('dossier.forms')}</h2>
      <div className="panel">
        {formError !== undefined && <ErrorMessage error={formError} />}
        <div className="button-row">
          {FORMS.map((f) => (
            <button
              key={f}
              type="button"
              className="btn btn-ghost"
              onClick={() => {
                setFormError(undefined);
                openForm(d.id, f).catch(setFormError);
              }}
            >
              {t(`dossier.formName.${f}` as Parameters<typeof t>[0])}
            </button>
          ))}
        </div>
      </div>
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ErrorMessage, Loading } from '../common/feedback';
import { formatDateTime } from '../common/format-date';
import { useAsync } from '../common/use-async';
import { usePageTitle } from '../common/use-page-title';
import { useI18n } from '../i18n/i18n-context';
import { Fact } from './fact';
import { lookupPublic } from './dossiers-api';

/**
 * Tra cứu hồ sơ: what the QR code of a receipt opens. No login; shows only what the
 * public lookup answers (status, dates, procedure, masked name).
 */
export function PublicLookupPage() {
  const { code = '' } = useParams();
  const { t, locale } = useI18n();
  usePageTitle(t('lookup.title'));
  const navigate = useNavigate();
  const [typed, setTyped] = useState(code);
  const result = useAsync((signal) => (code ? lookupPublic(code, signal) : Promise.resolve(undefined)), [code]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (typed.trim()) navigate(`/tra-cuu/${encodeURIComponent(typed.trim())}`);
  };
  const d = result.data;
  return (
    <main className="public-page" aria-labelledby="lookup-title">
      <h1 id="lookup-title">{t('lookup.title')}</h1>
      <form className="panel" onSubmit={submit} aria-label={t('lookup.title')}>
        <label className="field">
          <span>{t('dossier.code')}</span>
          <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="STP.MOTCUA-250701-0001" />
        </label>
        <button type="submit" className="btn btn-primary">
          {t('lookup.submit')}
        </button>
      </form>
      {code && (
        <div className="panel">
          {result.error ? (
            <ErrorMessage error={result.error} />
          ) : !d ? (
            <Loading />
          ) : (
            <dl className="facts" aria-label={t('lookup.result')}>
              <Fact label={t('dossier.code')}>{d.code}</Fact>
              <Fact label={t('dossier.procedure')}>{d.procedureName}</Fact>
              <Fact label={t('dossier.applicant')}>{d.applicantName}</Fact>
              <Fact label={t('dossier.status')}>{t(`dossier.status.${d.status}` as Parameters<typeof t>[0])}</Fact>
              <Fact label={t('dossier.receivedAt')}>{d.receivedAt ? formatDateTime(d.receivedAt, locale) : t('common.none')}</Fact>
              <Fact label={t('dossier.dueAt')}>{d.dueAt ? formatDateTime(d.dueAt, locale) : t('common.none')}</Fact>
            </dl>
          )}
        </div>
      )}
    </main>
  );
}

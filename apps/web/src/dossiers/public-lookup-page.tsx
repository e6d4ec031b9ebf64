import type { DossierStatus, PublicDossierView } from '@tthc/contracts';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../common/api-client';
import { ErrorMessage, Loading } from '../common/feedback';
import { formatDateTime } from '../common/format-date';
import { useAsync } from '../common/use-async';
import { usePageTitle } from '../common/use-page-title';
import { useI18n } from '../i18n/i18n-context';
import { DossierStatusBadge } from './dossier-status-badge';

const lookupPublic = (code: string, signal?: AbortSignal) => api<PublicDossierView>(`/public/dossiers/${encodeURIComponent(code)}`, { signal });

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * Tra cứu hồ sơ: what the QR code of a receipt opens (GET /api/v1/public/dossiers/:code
 * redirects a browser here). No login; shows only what the public lookup answers.
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
  const date = (iso: string | null) => (iso ? formatDateTime(iso, locale) : t('common.none'));
  return (
    <main className="public-page" aria-labelledby="lookup-title">
      <h1 id="lookup-title">{t('lookup.title')}</h1>
      <form className="panel lookup-form" onSubmit={submit} aria-label={t('lookup.title')}>
        <label className="field">
          <span>{t('lookup.code')}</span>
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
              <Fact label={t('lookup.code')}>{d.code}</Fact>
              <Fact label={t('dossier.procedure')}>{d.procedureName}</Fact>
              <Fact label={t('dossier.applicant')}>{d.applicantName}</Fact>
              <Fact label={t('lookup.status')}>
                <DossierStatusBadge status={d.status as DossierStatus} />
              </Fact>
              <Fact label={t('dossier.receivedAt')}>{date(d.receivedAt)}</Fact>
              <Fact label={t('dossier.dueAt')}>{date(d.dueAt)}</Fact>
            </dl>
          )}
        </div>
      )}
    </main>
  );
}

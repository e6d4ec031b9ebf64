import type { DossierView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { formatDateTime } from '../common/format-date';
import { formatWorkingAmount } from '../common/working-time';
import type { MessageKey } from '../i18n/vi';

/** Applicant, procedure, channel and the dates of the dossier. */
export function DossierFacts({ dossier: d }: { dossier: DossierView }) {
  const { t, locale } = useI18n();
  const date = (iso: string | null) => (iso ? <time dateTime={iso}>{formatDateTime(iso, locale)}</time> : <span className="muted">{t('common.none')}</span>);
  return (
    <div className="facts-grid">
      <section aria-labelledby="applicant-title" className="card">
        <h2 id="applicant-title">{t('dossier.applicant')}</h2>
        <dl className="facts-list">
          <dt>{t('dossier.applicantName')}</dt>
          <dd>
            {d.applicant.name} <span className="muted small">({t(`applicantType.${d.applicant.type}` as MessageKey)})</span>
          </dd>
          <dt>{t('dossier.idNumber')}</dt>
          <dd>{d.applicant.idNumber}</dd>
          <dt>{t('dossier.address')}</dt>
          <dd>{d.applicant.address}</dd>
          {d.applicant.phone && (
            <>
              <dt>{t('dossier.phone')}</dt>
              <dd>{d.applicant.phone}</dd>
            </>
          )}
          {d.applicant.email && (
            <>
              <dt>{t('dossier.email')}</dt>
              <dd>{d.applicant.email}</dd>
            </>
          )}
        </dl>
      </section>
      <section aria-labelledby="procedure-title" className="card">
        <h2 id="procedure-title">{t('dossier.procedure')}</h2>
        <dl className="facts-list">
          <dt>{t('dossier.procedureName')}</dt>
          <dd>
            {d.procedureName} <span className="muted small">({d.procedureCode})</span>
          </dd>
          <dt>{t('dossier.channel')}</dt>
          <dd>{t(`channel.${d.channel}` as MessageKey)}</dd>
          <dt>{t('dossier.receivingUnit')}</dt>
          <dd>
            {d.agency} · {d.receivingUnit}
          </dd>
          {d.summary && (
            <>
              <dt>{t('dossier.summary')}</dt>
              <dd>{d.summary}</dd>
            </>
          )}
        </dl>
      </section>
      <section aria-labelledby="dates-title" className="card">
        <h2 id="dates-title">{t('dossier.dates')}</h2>
        <dl className="facts-list">
          <dt>{t('dossier.submittedAt')}</dt>
          <dd>{date(d.submittedAt)}</dd>
          <dt>{t('dossier.receivedAt')}</dt>
          <dd>
            {date(d.receivedAt)}
            {d.lateReceipt && <span className="badge badge-overdue">{t('dossier.lateReceipt')}</span>}
          </dd>
          <dt>{t('dossier.dueAt')}</dt>
          <dd>{date(d.dueAt)}</dd>
          {d.originalDueAt && d.originalDueAt !== d.dueAt && (
            <>
              <dt>{t('dossier.originalDueAt')}</dt>
              <dd>{date(d.originalDueAt)}</dd>
            </>
          )}
          <dt>{t('dossier.paused')}</dt>
          <dd>
            {d.pausedWorkingMs > 0 ? formatWorkingAmount(d.pausedWorkingMs, t) : !d.pausedAt && t('dossier.notPaused')}
            {d.pausedAt && <span className="badge badge-paused">{t('dossier.pausedSince', { at: formatDateTime(d.pausedAt, locale) })}</span>}
          </dd>
          {d.finishedAt && (
            <>
              <dt>{t('dossier.finishedAt')}</dt>
              <dd>{date(d.finishedAt)}</dd>
            </>
          )}
          {d.returnedAt && (
            <>
              <dt>{t('dossier.returnedAt')}</dt>
              <dd>{date(d.returnedAt)}</dd>
            </>
          )}
          {(d.supplementCount > 0 || d.apologyCount > 0) && (
            <>
              <dt>{t('dossier.counts')}</dt>
              <dd>{t('dossier.countsValue', { supplements: d.supplementCount, apologies: d.apologyCount })}</dd>
            </>
          )}
        </dl>
      </section>
    </div>
  );
}

import type { AuditDocumentView, DossierTimelineView } from '@tthc/contracts';
import { formatDateTime } from '../common/format-date';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/vi';

/** The electronic Phiếu kiểm soát: one row per hand-over (API: GET /audit/dossiers/:ref/timeline). */
export function TimelineTable({ timeline }: { timeline: DossierTimelineView }) {
  const { t, locale } = useI18n();
  if (timeline.rows.length === 0) return <p className="muted">{t('auditDossier.noRows')}</p>;
  return (
    <div className="table-scroll">
      <table className="table table-compact timeline-table" aria-label={t('auditDossier.timeline')}>
        <thead>
          <tr>
            <th scope="col">{t('auditDossier.col.seq')}</th>
            <th scope="col">{t('auditDossier.col.agency')}</th>
            <th scope="col">{t('auditDossier.col.given')}</th>
            <th scope="col">{t('auditDossier.col.received')}</th>
            <th scope="col">{t('auditDossier.col.giver')}</th>
            <th scope="col">{t('auditDossier.col.receiver')}</th>
            <th scope="col">{t('auditDossier.col.step')}</th>
            <th scope="col">{t('auditDossier.col.due')}</th>
            <th scope="col">{t('auditDossier.col.result')}</th>
            <th scope="col">{t('auditDossier.col.note')}</th>
            <th scope="col">{t('auditDossier.col.documents')}</th>
          </tr>
        </thead>
        <tbody>
          {timeline.rows.map((r) => (
            <tr key={r.seq} data-result={r.result ?? ''}>
              <th scope="row">{r.seq}</th>
              <td>
                {r.agency}
                {r.unit && <div className="muted small">{r.unit}</div>}
              </td>
              <td>{formatDateTime(r.givenAt, locale)}</td>
              <td>{r.receivedAt ? formatDateTime(r.receivedAt, locale) : '…'}</td>
              <td>{r.giver}</td>
              <td>{r.receiver}</td>
              <td>{r.stepName ?? r.step ?? ''}</td>
              <td>{r.dueAt ? formatDateTime(r.dueAt, locale) : '—'}</td>
              <td>{r.result ? <span className={`badge ${r.result === 'late' ? 'badge-overdue' : 'badge-completed'}`}>{t(`auditDossier.result.${r.result}` as MessageKey)}</span> : '—'}</td>
              <td className="small">{r.note ?? ''}</td>
              <td className="small">
                <DocumentList documents={r.documents} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DocumentList({ documents }: { documents: AuditDocumentView[] }) {
  const { t } = useI18n();
  if (documents.length === 0) return null;
  return (
    <ul className="plain-list">
      {documents.map((d) => (
        <li key={d.id}>
          {d.name}
          {d.version > 1 && <span className="muted"> (v{d.version})</span>}{' '}
          <span className={d.signatures ? (d.signatures.valid ? 'badge badge-signed' : 'badge badge-failed') : 'muted'}>
            {d.signatures ? (d.signatures.valid ? t('auditDossier.signed', { count: d.signatures.count }) : t('auditDossier.signatureInvalid')) : t('auditDossier.unsigned')}
          </span>
        </li>
      ))}
    </ul>
  );
}

import { DOSSIER_STATUS_LABELS, type DossierEventView, type DossierProgressView } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { formatDateTime } from '../common/format-date';
import { EmptyState } from '../common/feedback';
import type { MessageKey } from '../i18n/vi';
import { PayloadSummary } from '../common/payload-summary';

/** National progress records: one per status transition (domain.md §2). */
export function StatusHistory({ progress }: { progress: DossierProgressView[] }) {
  const { t, locale } = useI18n();
  if (progress.length === 0) return <EmptyState>{t('dossier.noProgress')}</EmptyState>;
  return (
    <ol className="timeline">
      {progress.map((p) => (
        <li key={p.seq}>
          <time dateTime={p.ThoiDiemXuLy}>{formatDateTime(p.ThoiDiemXuLy, locale)}</time>
          <strong>{DOSSIER_STATUS_LABELS[p.TrangThai]}</strong>
          <span>{p.NoiDungXuLy}</span>
          <span className="muted small">
            {p.NguoiXuLy}
            {p.ChucDanh ? `, ${p.ChucDanh}` : ''}
            {p.PhongBanXuLy ? ` — ${p.PhongBanXuLy}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** The dossier's hash-chained event log, newest last. */
export function EventsTable({ events }: { events: DossierEventView[] }) {
  const { t, locale } = useI18n();
  if (events.length === 0) return <EmptyState>{t('dossier.noEvents')}</EmptyState>;
  const kind = (k: string) => {
    const key = `event.${k}` as MessageKey;
    const label = t(key);
    return label === key ? k : label;
  };
  return (
    <table className="table events">
      <thead>
        <tr>
          <th scope="col">{t('audit.col.seq')}</th>
          <th scope="col">{t('audit.col.at')}</th>
          <th scope="col">{t('dossier.col.event')}</th>
          <th scope="col">{t('audit.col.actor')}</th>
          <th scope="col">{t('audit.col.details')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.seq}>
            <td>{e.seq}</td>
            <td>
              <time dateTime={e.at}>{formatDateTime(e.at, locale)}</time>
            </td>
            <td>{kind(e.kind)}</td>
            <td>
              {e.actor}
              {e.unit && <span className="muted small"> · {e.unit}</span>}
            </td>
            <td>
              <PayloadSummary payload={e.payload} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

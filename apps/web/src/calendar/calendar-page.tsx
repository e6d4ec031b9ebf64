import { useMemo, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n/i18n-context';
import { useAsync } from '../common/use-async';
import { ErrorMessage, Loading, Notice } from '../common/feedback';
import { errorText } from '../common/error-text';
import { getYear, removeOverride, type DayInfo } from './calendar-api';
import { MonthGrid } from './month-grid';
import { OverrideForm } from './override-form';
import { usePageTitle } from '../common/use-page-title';

const LEGEND: DayInfo['kind'][] = ['holiday', 'make-up', 'swap-off', 'swap-workday', 'weekend'];

/** Issue #4: the working calendar of a year at a glance; admins add and remove overrides. */
export function CalendarPage() {
  const { t } = useI18n();
  usePageTitle(t('nav.calendar'));
  const { user } = useAuth();
  const isAdmin = !!user?.roles?.includes('admin');
  const [year, setYear] = useState(() => Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' })));
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const info = useAsync((signal) => getYear(year, signal), [year]);
  const special = useMemo(() => new Map((info.data?.days ?? []).map((d) => [d.date, d])), [info.data]);
  const overrides = new Set((info.data?.overrides ?? []).map((o) => o.date));

  async function remove(date: string) {
    setError(null);
    try {
      const r = await removeOverride(date);
      setNotice(t('calendar.removed', { date, moved: r.moved.length }));
      info.reload();
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  return (
    <section aria-labelledby="calendar-title">
      <div className="page-head">
        <h1 id="calendar-title">{t('calendar.title', { year })}</h1>
        {info.data && <span className="muted">{t('calendar.workingDays', { count: info.data.workingDays })}</span>}
        <div className="row-actions push-right">
          <button type="button" className="btn" onClick={() => setYear((y) => y - 1)} disabled={year <= 1900}>
            ← {t('calendar.prev')}
          </button>
          <button type="button" className="btn" onClick={() => setYear((y) => y + 1)} disabled={year >= 2100}>
            {t('calendar.next')} →
          </button>
        </div>
      </div>
      {notice && <Notice>{notice}</Notice>}
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      {info.error != null && <ErrorMessage error={info.error} onRetry={info.reload} />}
      {!info.data && !info.error && <Loading />}
      {info.data && (
        <>
          <p className="muted small">
            {info.data.published ? t('calendar.published', { ref: info.data.legalReference ?? '' }) : t('calendar.computed')}
          </p>
          <ul className="legend calendar-legend" aria-label={t('instance.diagramLegend')}>
            {LEGEND.map((k) => (
              <li key={k} className="legend-item">
                <span className={`swatch day-${k}`} aria-hidden="true" />
                {t(`calendar.kind.${k}`)}
              </li>
            ))}
          </ul>
          <div className="year-grid">
            {Array.from({ length: 12 }, (_, i) => (
              <MonthGrid key={i} year={year} month={i + 1} special={special} />
            ))}
          </div>
          <section className="card" aria-labelledby="special-title">
            <h2 id="special-title">{t('calendar.special')}</h2>
            <table className="table table-compact calendar-days">
              <thead>
                <tr>
                  <th scope="col">{t('calendar.col.date')}</th>
                  <th scope="col">{t('calendar.col.kind')}</th>
                  <th scope="col">{t('calendar.col.reason')}</th>
                  <th scope="col">{t('calendar.col.legal')}</th>
                  <th scope="col">{t('calendar.col.source')}</th>
                </tr>
              </thead>
              <tbody>
                {info.data.days.map((d) => (
                  <tr key={d.date}>
                    <th scope="row">{d.date.split('-').reverse().join('/')}</th>
                    <td>
                      <span className={`kind-chip day-${d.kind}`}>{t(`calendar.kind.${d.kind}`)}</span>
                    </td>
                    <td>{d.reason}</td>
                    <td className="small">{d.legalReference}</td>
                    <td>
                      {d.source ? t(`calendar.source.${d.source}` as Parameters<typeof t>[0]) : ''}
                      {isAdmin && overrides.has(d.date) && (
                        <button type="button" className="btn btn-small btn-danger" onClick={() => remove(d.date)}>
                          {t('calendar.remove')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {isAdmin ? (
            <OverrideForm
              year={year}
              onSaved={(message) => {
                setNotice(message);
                info.reload();
              }}
            />
          ) : (
            <p className="muted small">{t('calendar.adminOnly')}</p>
          )}
        </>
      )}
    </section>
  );
}

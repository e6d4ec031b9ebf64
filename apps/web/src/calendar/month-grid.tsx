import { useI18n } from '../i18n/i18n-context';
import type { DayInfo } from './calendar-api';

interface Props {
  year: number;
  month: number; // 1–12
  special: Map<string, DayInfo>;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** One month, Monday first; days are civil dates (no time zone involved: UTC arithmetic only). */
export function MonthGrid({ year, month, special }: Props) {
  const { t } = useI18n();
  const weekdays = t('calendar.weekdays').split(',');
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: Array<number | null> = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  const title = t('calendar.month', { month });
  return (
    <table className="month" aria-label={`${title} ${year}`}>
      <caption>{title}</caption>
      <thead>
        <tr>
          {weekdays.map((w) => (
            <th key={w} scope="col">
              {w}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: Math.ceil(cells.length / 7) }, (_, row) => (
          <tr key={row}>
            {cells.slice(row * 7, row * 7 + 7).map((day, i) => {
              if (day === null) return <td key={`e${i}`} />;
              const date = `${year}-${pad(month)}-${pad(day)}`;
              const info = special.get(date);
              const weekend = i >= 5;
              const kind = info?.kind ?? (weekend ? 'weekend' : 'workday');
              const label = `${date}: ${t(`calendar.kind.${kind}`)}${info?.reason ? ` — ${info.reason}` : ''}`;
              return (
                <td key={date} className={`day day-${kind}`} title={label} data-date={date} data-kind={kind}>
                  <span aria-hidden="true">{day}</span>
                  <span className="sr-only">{label}</span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

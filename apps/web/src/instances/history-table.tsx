import { useI18n } from '../i18n/i18n-context';
import { EmptyState, StateBadge } from '../common/feedback';
import { formatDateTime } from '../common/format-date';
import type { ElementHistory } from '../common/types';
import { vi, type MessageKey } from '../i18n/vi';

export function HistoryTable({ elements }: { elements: ElementHistory[] }) {
  const { t, locale } = useI18n();
  const typeLabel = (type: string) => {
    const bare = type.replace(/^bpmn:/, '');
    const key = `element.${bare.charAt(0).toLowerCase()}${bare.slice(1)}` as MessageKey;
    return key in vi ? t(key) : bare;
  };
  if (!elements.length) return <EmptyState>{t('instance.noHistory')}</EmptyState>;
  return (
    <table className="table table-compact">
      <thead>
        <tr>
          <th scope="col">{t('history.col.step')}</th>
          <th scope="col">{t('history.col.type')}</th>
          <th scope="col">{t('history.col.state')}</th>
          <th scope="col">{t('history.col.started')}</th>
          <th scope="col">{t('history.col.ended')}</th>
          <th scope="col">{t('history.col.by')}</th>
        </tr>
      </thead>
      <tbody>
        {elements.map((e, i) => (
          <tr key={e.elementInstanceId ?? `${e.elementId}-${i}`}>
            <th scope="row">
              {e.name || e.elementId}
              {e.name && <span className="muted small"> ({e.elementId})</span>}
            </th>
            <td className="muted">{typeLabel(e.elementType)}</td>
            <td>
              <StateBadge state={e.state} />
            </td>
            <td>{formatDateTime(e.startedAt, locale)}</td>
            <td>{formatDateTime(e.endedAt, locale)}</td>
            <td>{e.by || <span className="muted">{t('common.none')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { useI18n } from '../i18n/i18n-context';
import { dueLevel, formatWorkingTime } from './working-time';
import { formatDateTime } from './format-date';

/** The due date in Vietnam time and, under it, the working time left or overdue. */
export function DueInWorkingTime({ dueAt, workingMsLeft }: { dueAt: string | null | undefined; workingMsLeft: number | null | undefined }) {
  const { t, locale } = useI18n();
  if (!dueAt) return <span className="muted">{t('inbox.noDue')}</span>;
  const level = dueLevel(workingMsLeft);
  return (
    <span className={`due due-${level ?? 'ok'}`}>
      <time dateTime={dueAt}>{formatDateTime(dueAt, locale)}</time>
      {workingMsLeft != null && <span className={`due-left due-left-${level}`}>{formatWorkingTime(workingMsLeft, t)}</span>}
    </span>
  );
}

import { useI18n } from '../i18n/i18n-context';
import { EmptyState } from '../common/feedback';

export function VariablesList({ variables }: { variables?: Record<string, unknown> }) {
  const { t } = useI18n();
  const entries = Object.entries(variables ?? {});
  if (!entries.length) return <EmptyState>{t('instance.noVariables')}</EmptyState>;
  return (
    <dl className="kv">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>
            <code>{name}</code>
          </dt>
          <dd>{show(value, t('common.yes'), t('common.no'))}</dd>
        </div>
      ))}
    </dl>
  );
}

function show(value: unknown, yes: string, no: string): string {
  if (value === true) return yes;
  if (value === false) return no;
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

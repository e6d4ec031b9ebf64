import { useId } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { VariableField } from './variable-fields';

interface Props {
  field: VariableField;
  onChange: (value: string | boolean) => void;
  onRemove?: () => void;
}

/** One labelled input for a process variable, chosen by the variable's type. */
export function VariableFieldInput({ field, onChange, onRemove }: Props) {
  const { t } = useI18n();
  const id = useId();
  const label = field.label || (field.isNew ? field.name : humanise(field.name));
  let input;
  switch (field.type) {
    case 'boolean':
      input = (
        <input id={id} name={field.name} type="checkbox" checked={Boolean(field.value)} onChange={(e) => onChange(e.target.checked)} />
      );
      break;
    case 'json':
      input = <textarea id={id} name={field.name} rows={4} value={String(field.value)} onChange={(e) => onChange(e.target.value)} />;
      break;
    default:
      input = (
        <input
          id={id}
          name={field.name}
          type="text"
          inputMode={field.type === 'number' ? 'decimal' : undefined}
          value={String(field.value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
  return (
    <div className={field.type === 'boolean' ? 'field field-check' : 'field'}>
      <label htmlFor={id}>
        {label}
        {label !== field.name && <code className="var-name">{field.name}</code>}
      </label>
      {onRemove ? (
        <div className="field-row">
          {input}
          <button type="button" className="btn btn-ghost btn-small" onClick={onRemove} aria-label={t('complete.remove', { name: field.name })}>
            ✕
          </button>
        </div>
      ) : (
        input
      )}
    </div>
  );
}

/** `applicantName` → `Applicant name`: variable names are code, labels are for people. */
function humanise(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1).toLowerCase() : name;
}

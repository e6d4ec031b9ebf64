import { useState, type Dispatch, type SetStateAction } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { FieldType, VariableField } from './variable-fields';
import { VariableFieldInput } from './variable-field-input';

const TYPES: FieldType[] = ['string', 'number', 'boolean', 'json'];

interface Props {
  fields: VariableField[];
  setFields: Dispatch<SetStateAction<VariableField[]>>;
}

/** Labelled inputs for process variables plus "add a field" (completion and start forms). */
export function VariableFieldsEditor({ fields, setFields }: Props) {
  const { t } = useI18n();
  const [newName, setNewName] = useState('');
  const [newType, setNewType] = useState<FieldType>('string');

  function addField() {
    const name = newName.trim();
    if (!name) return;
    setFields((list) => [
      ...list.filter((f) => f.name !== name),
      { name, type: newType, value: newType === 'boolean' ? false : '', isNew: true },
    ]);
    setNewName('');
  }

  return (
    <>
      {fields.map((field, i) => (
        <VariableFieldInput
          key={field.name}
          field={field}
          onChange={(v) => setFields((list) => list.map((f, j) => (j === i ? { ...f, value: v } : f)))}
          onRemove={field.isNew && !field.suggested ? () => setFields((l) => l.filter((_, j) => j !== i)) : undefined}
        />
      ))}
      <fieldset className="add-field">
        <legend>{t('complete.addField')}</legend>
        <label className="field">
          <span>{t('complete.fieldName')}</span>
          <input value={newName} onChange={(e) => setNewName(e.target.value)} name="newFieldName" />
        </label>
        <label className="field">
          <span>{t('complete.fieldType')}</span>
          <select value={newType} onChange={(e) => setNewType(e.target.value as FieldType)} name="newFieldType">
            {TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`complete.type.${ty}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={addField} disabled={!newName.trim()}>
          {t('complete.add')}
        </button>
      </fieldset>
    </>
  );
}

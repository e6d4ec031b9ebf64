import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { api } from '../common/api-client';
import { useAsync } from '../common/use-async';
import { errorText } from '../common/error-text';
import { listDefinitions } from '../designer/definitions-api';
import { FormDialog } from '../common/form-dialog';
import { useVariablesSubmit } from '../inbox/use-variables-submit';
import type { VariableField } from '../inbox/variable-fields';
import { VariableFieldsEditor } from '../inbox/variable-fields-editor';

interface Props {
  onClose: () => void;
  onStarted: (id: string) => void;
}

/** Starts a process instance (POST /process-instances) on the newest version of a process. */
export function StartInstanceDialog({ onClose, onStarted }: Props) {
  const { t } = useI18n();
  const definitions = useAsync((signal) => listDefinitions(signal, true), []);
  const [processKey, setProcessKey] = useState('');
  const [businessKey, setBusinessKey] = useState('');
  const [fields, setFields] = useState<VariableField[]>([]);
  const { busy, error, submit: submitVariables } = useVariablesSubmit();

  function submit(event: FormEvent) {
    return submitVariables(event, fields, async (variables) => {
      const body = { processKey, variables, ...(businessKey.trim() ? { businessKey: businessKey.trim() } : {}) };
      const started = await api<{ id: string }>('/process-instances', { method: 'POST', json: body });
      onStarted(started.id);
    });
  }

  const list = definitions.data ?? [];
  return (
    <FormDialog
      titleId="start-title"
      title={t('start.title')}
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      disabled={!processKey}
      submit={t('start.submit')}
      submitting={t('start.submitting')}
    >
      {definitions.error != null && <p className="alert alert-error">{errorText(definitions.error, t)}</p>}
      {definitions.data && list.length === 0 && <p className="muted">{t('start.noProcess')}</p>}
      <label className="field">
        <span>{t('start.process')}</span>
        <select required value={processKey} onChange={(e) => setProcessKey(e.target.value)} name="processKey">
          <option value="">{t('start.choose')}</option>
          {list.map((d) => (
            <option key={d.key} value={d.key}>
              {d.name || d.key} · v{d.version}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('start.businessKey')}</span>
        <input type="text" value={businessKey} onChange={(e) => setBusinessKey(e.target.value)} name="businessKey" />
      </label>
      <p className="muted small">{t('start.variables')}</p>
      <VariableFieldsEditor fields={fields} setFields={setFields} />
    </FormDialog>
  );
}

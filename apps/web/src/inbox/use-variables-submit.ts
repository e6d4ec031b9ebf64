import { useState, type FormEvent } from 'react';
import { errorText } from '../common/error-text';
import { useI18n } from '../i18n/i18n-context';
import { changedVariables, FieldError, type VariableField } from './variable-fields';

/**
 * The submit of a form that sends edited variables (complete a task, start an instance,
 * retry an incident): a field that does not parse shows its error and nothing is sent;
 * otherwise `send` gets the changed variables while `busy`, and its failure is shown.
 */
export function useVariablesSubmit() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent, fields: VariableField[], send: (variables: Record<string, unknown>) => Promise<void>) {
    event.preventDefault();
    setError(null);
    let variables: Record<string, unknown>;
    try {
      variables = changedVariables(fields);
    } catch (e) {
      if (e instanceof FieldError) return setError(`${e.field}: ${t(`complete.${e.kind}`)}`);
      throw e;
    }
    setBusy(true);
    try {
      await send(variables);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  /** a form-js form: `read` validates and gives the data (null: a field is wrong, form-js marks it) */
  async function submitForm(event: FormEvent, read: () => Record<string, unknown> | null, send: (variables: Record<string, unknown>) => Promise<void>) {
    event.preventDefault();
    setError(null);
    const data = read();
    if (!data) return setError(t('complete.formInvalid'));
    setBusy(true);
    try {
      await send(data);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, clearError: () => setError(null), submit, submitForm };
}

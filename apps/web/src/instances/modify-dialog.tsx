import { useMemo, useState, type FormEvent } from 'react';
import type { ModificationInstruction } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { errorText } from '../common/error-text';
import { ApiError } from '../common/api-error';
import { FormDialog } from '../common/form-dialog';
import { parseVariablesJson } from '../common/variables-json';
import type { ProcessInstance } from '../common/types';
import { bpmnElements, elementLabel } from './bpmn-elements';
import { modifyInstance } from './operations-api';

type Kind = ModificationInstruction['kind'];
const KINDS: Kind[] = ['move', 'cancel', 'startBefore', 'startAfter'];

interface Props {
  instance: ProcessInstance;
  xml?: string | null;
  onClose: () => void;
  onModified: (instance: ProcessInstance) => void;
}

/** "Điều chỉnh": token modification with a required reason (issue 16). */
export function ModifyDialog({ instance, xml, onClose, onModified }: Props) {
  const { t } = useI18n();
  const elements = useMemo(() => (xml ? bpmnElements(xml) : []), [xml]);
  const active = instance.activeElementIds ?? [];
  const [kind, setKind] = useState<Kind>('move');
  const [from, setFrom] = useState(active[0] ?? '');
  const [target, setTarget] = useState('');
  const [vars, setVars] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const needsFrom = kind === 'move' || kind === 'cancel';
  const needsTarget = kind !== 'cancel';
  const label = (id: string) => {
    const el = elements.find((e) => e.id === id);
    return el ? elementLabel(el) : id;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const variables = needsTarget ? parseVariablesJson(vars) : undefined;
    if (variables === null) return setError(t('modify.variablesInvalid'));
    const extra = variables ? { variables } : {};
    const instruction: ModificationInstruction =
      kind === 'move' ? { kind, from, to: target, ...extra } : kind === 'cancel' ? { kind, elementId: from } : { kind, elementId: target, ...extra };
    setBusy(true);
    try {
      onModified(await modifyInstance(instance.id, [instruction], reason.trim()));
    } catch (e) {
      const ids = e instanceof ApiError ? ((e.details as { elementIds?: string[] } | undefined)?.elementIds ?? []) : [];
      const problems = e instanceof ApiError ? ((e.details as { problems?: Array<{ message: string }> } | undefined)?.problems ?? []) : [];
      setError([errorText(e, t), ...problems.map((p) => p.message)].join(' ') + (ids.length ? ` [${ids.join(', ')}]` : ''));
    } finally {
      setBusy(false);
    }
  }

  const ready = reason.trim() !== '' && (!needsFrom || from) && (!needsTarget || target);
  return (
    <FormDialog
      titleId="modify-title"
      title={t('modify.title')}
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      disabled={!ready}
      submit={t('modify.submit')}
      submitting={t('modify.submitting')}
    >
      <p className="muted small">{t('modify.intro')}</p>
      <label className="field">
        <span>{t('modify.kind')}</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} name="kind">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`modify.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {needsFrom && (
        <label className="field">
          <span>{t('modify.from')}</span>
          <select value={from} onChange={(e) => setFrom(e.target.value)} name="from">
            <option value="">{t('modify.choose')}</option>
            {active.map((id) => (
              <option key={id} value={id}>
                {label(id)}
              </option>
            ))}
          </select>
        </label>
      )}
      {needsTarget && (
        <label className="field">
          <span>{t('modify.target')}</span>
          <select value={target} onChange={(e) => setTarget(e.target.value)} name="target">
            <option value="">{t('modify.choose')}</option>
            {elements.map((e) => (
              <option key={e.id} value={e.id}>
                {elementLabel(e)}
              </option>
            ))}
          </select>
        </label>
      )}
      {needsTarget && (
        <label className="field">
          <span>{t('modify.variables')}</span>
          <textarea value={vars} onChange={(e) => setVars(e.target.value)} name="variables" rows={2} />
        </label>
      )}
      <label className="field">
        <span>{t('modify.reason')}</span>
        <textarea required value={reason} onChange={(e) => setReason(e.target.value)} name="reason" rows={2} />
      </label>
    </FormDialog>
  );
}

import { useMemo, useState, type FormEvent } from 'react';
import type { DossierView, TaskView } from '@tthc/contracts';
import { useI18n } from '../../i18n/i18n-context';
import { gatewayOptions, type GatewayOption } from '../../inbox/gateway-options';
import { RefusalAlert } from './refusal-alert';
import { useCompleteStep } from './use-complete-step';

interface Props {
  task: TaskView;
  dossier: DossierView;
  xml: string | null;
  onDone: (message: string) => void;
}

/** value sent for the default ("valid") way out when its flow has no condition of its own */
const ACCEPT_VALUE = 'hop-le';

/**
 * Tiếp nhận: the officer checks each component against what the applicant brought and
 * chooses the way out the process offers (accept / ask for more / refuse). For a supplement
 * the missing items (Mẫu 02) and for a refusal the reason (Mẫu 03) are sent with it.
 */
export function ReceivePanel({ task, dossier, xml, onDone }: Props) {
  const { t } = useI18n();
  const components = dossier.components ?? [];
  const options = useMemo(() => (xml ? gatewayOptions(xml, task.elementId) : []), [xml, task.elementId]);
  const [checked, setChecked] = useState<Set<string>>(() => new Set(components.filter((c) => c.documentId || c.reusedDocumentId).map((c) => c.id)));
  const [choice, setChoice] = useState<string>('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const { busy, refusal, complete } = useCompleteStep(task, onDone);
  const chosen = options.find((o) => o.flowId === choice);
  const kind = chosen ? outcomeKind(chosen) : null;
  const unchecked = components.filter((c) => !checked.has(c.id));

  function toggle(id: string) {
    setChecked((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    if (options.length > 0 && !chosen) return setFormError(t('receive.chooseOutcome'));
    const missingItems = [
      ...unchecked.filter((c) => c.required).map((c) => c.name),
      ...missing.split('\n').map((s) => s.trim()).filter(Boolean),
    ];
    if (kind === 'accept' && unchecked.some((c) => c.required)) return setFormError(t('receive.requiredUnchecked'));
    if (kind === 'supplement' && missingItems.length === 0) return setFormError(t('receive.missingItemsRequired'));
    if ((kind === 'supplement' || kind === 'refuse') && !reason.trim()) return setFormError(t('receive.reasonRequired'));
    const variables: Record<string, unknown> = { checkedComponents: components.filter((c) => checked.has(c.id)).map((c) => c.componentKey) };
    const variable = options.find((o) => o.variable)?.variable;
    if (chosen && variable) variables[variable] = chosen.value ?? ACCEPT_VALUE;
    if (kind === 'supplement') Object.assign(variables, { reason: reason.trim(), missingItems });
    if (kind === 'refuse') variables.reason = reason.trim();
    return complete(variables);
  }

  return (
    <form className="step-panel" onSubmit={submit} aria-labelledby="receive-title" noValidate>
      <h3 id="receive-title">{t('receive.title')}</h3>
      <fieldset>
        <legend>{t('receive.checklist')}</legend>
        {components.length === 0 && <p className="muted">{t('dossier.noComponents')}</p>}
        {components.map((c) => (
          <label key={c.id} className="check-row">
            <input type="checkbox" checked={checked.has(c.id)} onChange={() => toggle(c.id)} />
            <span>
              {c.name}
              {c.required && <span className="badge badge-required">{t('dossier.required')}</span>}
            </span>
          </label>
        ))}
      </fieldset>
      {options.length > 0 && (
        <fieldset>
          <legend>{t('receive.outcome')}</legend>
          {options.map((o) => (
            <label key={o.flowId} className="check-row">
              <input type="radio" name="outcome" value={o.flowId} checked={choice === o.flowId} onChange={() => setChoice(o.flowId)} />
              <span>{o.label}</span>
            </label>
          ))}
        </fieldset>
      )}
      {kind === 'supplement' && (
        <>
          <p className="muted small">{t('receive.supplementHint')}</p>
          {unchecked.filter((c) => c.required).length > 0 && (
            <ul className="missing-list">
              {unchecked
                .filter((c) => c.required)
                .map((c) => (
                  <li key={c.id}>{c.name}</li>
                ))}
            </ul>
          )}
          <label className="field">
            <span>{t('receive.otherMissing')}</span>
            <textarea value={missing} onChange={(e) => setMissing(e.target.value)} rows={3} />
          </label>
        </>
      )}
      {(kind === 'supplement' || kind === 'refuse') && (
        <label className="field">
          <span>{kind === 'refuse' ? t('receive.refuseReason') : t('receive.supplementReason')}</span>
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} required />
        </label>
      )}
      {formError && (
        <div className="alert alert-error" role="alert">
          {formError}
        </div>
      )}
      <RefusalAlert refusal={refusal} />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t('complete.submitting') : t('receive.submit')}
      </button>
    </form>
  );
}

function outcomeKind(o: GatewayOption): 'accept' | 'supplement' | 'refuse' {
  if (o.targetStep === 'supplement' || o.value === 'bo-sung') return 'supplement';
  if (o.targetStep === 'refuse' || o.value === 'tu-choi') return 'refuse';
  return 'accept';
}

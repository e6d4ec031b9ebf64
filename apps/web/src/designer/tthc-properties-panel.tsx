import { useEffect, useState } from 'react';
import type Modeler from 'bpmn-js/lib/Modeler';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/vi';
import { ExpressionFields } from './expression-fields';

/** architecture.md §4: the `tthc:step` values */
const STEPS = ['receive', 'digitise', 'review', 'approve', 'sign', 'return', 'supplement', 'refuse', 'apology', 'notify', 'pay', 'certify', 'custom'];

interface BusinessObject {
  id: string;
  name?: string;
  $type: string;
  $instanceOf(type: string): boolean;
  get(name: string): unknown;
}
interface Shape {
  id: string;
  businessObject: BusinessObject;
}
interface Field {
  prop: string;
  label: MessageKey;
  kind?: 'step' | 'number';
}

function fieldsFor(bo: BusinessObject): Field[] {
  const fields: Field[] = [{ prop: 'name', label: 'props.name' }];
  if (bo.$instanceOf('bpmn:Process')) {
    fields.push({ prop: 'tthc:procedureCode', label: 'props.procedureCode' });
    fields.push({ prop: 'tthc:statutoryDays', label: 'props.statutoryDays', kind: 'number' });
    fields.push({ prop: 'tthc:agency', label: 'props.agency' });
  }
  if (bo.$instanceOf('bpmn:Task') || bo.$instanceOf('bpmn:SubProcess') || bo.$instanceOf('bpmn:CallActivity')) {
    fields.push({ prop: 'tthc:step', label: 'props.step', kind: 'step' });
  }
  if (bo.$instanceOf('bpmn:UserTask')) {
    fields.push({ prop: 'tthc:candidateGroups', label: 'props.candidateGroups' });
    fields.push({ prop: 'tthc:assignee', label: 'props.assignee' });
    fields.push({ prop: 'tthc:due', label: 'props.due' });
    fields.push({ prop: 'tthc:formKey', label: 'props.formKey' });
  }
  if (bo.$instanceOf('bpmn:ServiceTask') || bo.$instanceOf('bpmn:SendTask')) fields.push({ prop: 'tthc:taskType', label: 'props.taskType' });
  if (bo.$instanceOf('bpmn:ScriptTask')) fields.push({ prop: 'tthc:resultVariable', label: 'props.resultVariable' });
  return fields;
}

/**
 * Edits the `tthc:` attributes of the selected element (or of the process when nothing is
 * selected). Written by hand: bpmn-js-properties-panel would need a custom provider for the
 * tthc namespace anyway, and these dozen fields are all an analyst sets.
 */
export function TthcPropertiesPanel({ modeler }: { modeler: () => Modeler | null }) {
  const { t } = useI18n();
  const [element, setElement] = useState<Shape | null>(null);
  const [, setVersion] = useState(0);

  useEffect(() => {
    const m = modeler();
    if (!m) return;
    const root = () => m.get<{ getRootElement(): Shape }>('canvas').getRootElement();
    const onSelect = (e: { newSelection: Shape[] }) => setElement(e.newSelection.length === 1 ? e.newSelection[0] : root());
    const onChange = () => setVersion((v) => v + 1);
    const onImport = () => setElement(root());
    m.on('selection.changed', onSelect);
    m.on('elements.changed', onChange);
    m.on('import.done', onImport);
    return () => {
      m.off('selection.changed', onSelect);
      m.off('elements.changed', onChange);
      m.off('import.done', onImport);
    };
  }, [modeler]);

  const m = modeler();
  if (!element || !m || !element.businessObject) return <p className="muted small">{t('props.none')}</p>;
  const bo = element.businessObject;
  const update = (prop: string, raw: string) => {
    const value = raw === '' ? undefined : prop === 'tthc:statutoryDays' ? Number(raw) : raw;
    m.get<{ updateProperties(el: Shape, props: Record<string, unknown>): void }>('modeling').updateProperties(element, { [prop]: value });
  };

  return (
    <section className="problems props-panel" aria-labelledby="props-title">
      <h2 id="props-title">
        {t('props.title')} <span className="muted small">{bo.$type.replace('bpmn:', '')}</span>
      </h2>
      {bo.$instanceOf('bpmn:Process') ? (
        <ProcessKeyField key={bo.id} value={bo.id} onChange={(id) => update('id', id)} />
      ) : (
        <p className="small">
          <span className="muted">{t('props.id')}: </span>
          <code>{bo.id}</code>
        </p>
      )}
      {fieldsFor(bo).map((f) => {
        const value = String(bo.get(f.prop) ?? '');
        const id = `prop-${f.prop.replace(':', '-')}`;
        return (
          <div className="field" key={`${bo.id}-${f.prop}`}>
            <label htmlFor={id}>{t(f.label)}</label>
            {f.kind === 'step' ? (
              <select id={id} value={value} onChange={(e) => update(f.prop, e.target.value)}>
                <option value="">{t('props.stepNone')}</option>
                {STEPS.map((s) => (
                  <option key={s} value={s}>
                    {t(`step.${s}` as MessageKey)} ({s})
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                type="text"
                inputMode={f.kind === 'number' ? 'numeric' : undefined}
                defaultValue={value}
                onBlur={(e) => e.target.value !== value && update(f.prop, e.target.value.trim())}
              />
            )}
          </div>
        );
      })}
      <ExpressionFields modeler={m} element={element as Parameters<typeof ExpressionFields>[0]['element']} />
    </section>
  );
}

/** XML ids (NCName): the process id is the process key that deployments and starts use. */
const KEY_PATTERN = /^[A-Za-z_][\w.-]*$/;

function ProcessKeyField({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(value);
  const valid = KEY_PATTERN.test(text);
  return (
    <div className="field">
      <label htmlFor="prop-process-key">{t('props.processKey')}</label>
      <input
        id="prop-process-key"
        type="text"
        value={text}
        aria-invalid={!valid}
        aria-describedby={valid ? undefined : 'prop-process-key-error'}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => valid && text !== value && onChange(text)}
      />
      {!valid && (
        <span id="prop-process-key-error" className="field-error">
          {t('props.processKeyInvalid')}
        </span>
      )}
    </div>
  );
}

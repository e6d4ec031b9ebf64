import { useEffect, useState } from 'react';
import type Modeler from 'bpmn-js/lib/Modeler';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/vi';
import { ExpressionFields } from './expression-fields';
import { api } from '../common/api-client';

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
export type EditableShape = Shape;
interface Field {
  prop: string;
  label: MessageKey;
  kind?: 'step' | 'number' | 'groups' | 'duration';
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
    fields.push({ prop: 'tthc:candidateGroups', label: 'props.candidateGroups', kind: 'groups' });
    fields.push({ prop: 'tthc:assignee', label: 'props.assignee' });
    fields.push({ prop: 'tthc:due', label: 'props.due', kind: 'duration' });
    fields.push({ prop: 'tthc:formKey', label: 'props.formKey' });
  }
  if (bo.$instanceOf('bpmn:ServiceTask') || bo.$instanceOf('bpmn:SendTask')) fields.push({ prop: 'tthc:taskType', label: 'props.taskType' });
  if (bo.$instanceOf('bpmn:ScriptTask')) fields.push({ prop: 'tthc:resultVariable', label: 'props.resultVariable' });
  return fields;
}

/** ISO 8601 durations the engine counts (PT8H, P3D, P1DT4H) */
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/** units of every agency, for the candidate-group picker */
function useUnits(): Array<{ code: string; name: string; agency: string }> {
  const [units, setUnits] = useState<Array<{ code: string; name: string; agency: string }>>([]);
  useEffect(() => {
    const ctrl = new AbortController();
    api<{ items: Array<{ code: string; units: Array<{ code: string; name: string }> }> }>('/agencies', { signal: ctrl.signal })
      .then((r) => setUnits(r.items.flatMap((a) => a.units.map((u) => ({ ...u, agency: a.code })))))
      .catch(() => undefined);
    return () => ctrl.abort();
  }, []);
  return units;
}

/**
 * Edits the `tthc:` attributes of the selected element (or of the process when nothing is
 * selected), its name and documentation. Written by hand — see docs/web.md "Properties panel"
 * for why not bpmn-js-properties-panel.
 */
export function TthcPropertiesPanel({ modeler, onEditForm }: { modeler: () => Modeler | null; onEditForm?: (element: Shape) => void }) {
  const { t } = useI18n();
  const [element, setElement] = useState<Shape | null>(null);
  const [, setVersion] = useState(0);
  const units = useUnits();
  const [invalid, setInvalid] = useState<string | null>(null);

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
          // keyed by the value too: an uncontrolled input shows a value set elsewhere (form editor, undo)
          <div className="field" key={`${bo.id}-${f.prop}-${value}`}>
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
                list={f.kind === 'groups' ? 'unit-options' : undefined}
                inputMode={f.kind === 'number' ? 'numeric' : undefined}
                defaultValue={value}
                aria-invalid={invalid === f.prop}
                aria-describedby={invalid === f.prop ? `${id}-error` : undefined}
                onBlur={(e) => {
                  const next = e.target.value.trim();
                  if (f.kind === 'duration' && next && !DURATION.test(next)) return setInvalid(f.prop);
                  if (invalid === f.prop) setInvalid(null);
                  if (next !== value) update(f.prop, next);
                }}
              />
            )}
            {invalid === f.prop && (
              <span id={`${id}-error`} className="field-error">
                {t('props.durationInvalid')}
              </span>
            )}
            {f.prop === 'tthc:formKey' &&
              (onEditForm ? (
                <button type="button" className="btn btn-small" onClick={() => onEditForm(element)}>
                  {value ? t('forms.edit') : t('forms.create')}
                </button>
              ) : (
                <span className="muted small">{t('forms.needDraft')}</span>
              ))}
          </div>
        );
      })}
      <DocumentationField key={`${bo.id}-doc`} modeler={m} element={element} />
      <datalist id="unit-options">
        {units.map((u) => (
          <option key={`${u.agency}-${u.code}`} value={u.code}>
            {u.name} ({u.agency})
          </option>
        ))}
      </datalist>
      <ExpressionFields modeler={m} element={element as Parameters<typeof ExpressionFields>[0]['element']} />
    </section>
  );
}

/** bpmn:documentation: what the step is for, shown to the officer and in the exported file */
function DocumentationField({ modeler, element }: { modeler: Modeler; element: Shape }) {
  const { t } = useI18n();
  const docs = (element.businessObject.get('documentation') as Array<{ text?: string }> | undefined) ?? [];
  const value = docs[0]?.text ?? '';
  return (
    <div className="field">
      <label htmlFor="prop-documentation">{t('props.documentation')}</label>
      <textarea
        id="prop-documentation"
        rows={2}
        defaultValue={value}
        onBlur={(e) => {
          const text = e.target.value.trim();
          if (text === value) return;
          const factory = modeler.get<{ create(type: string, attrs: Record<string, unknown>): unknown }>('bpmnFactory');
          modeler
            .get<{ updateProperties(el: Shape, props: Record<string, unknown>): void }>('modeling')
            .updateProperties(element, { documentation: text ? [factory.create('bpmn:Documentation', { text })] : [] });
        }}
      />
    </div>
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

import type Modeler from 'bpmn-js/lib/Modeler';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { feelSyntaxError } from './feel-check';

interface ModdleElement {
  $type: string;
  $instanceOf(type: string): boolean;
  get(name: string): unknown;
  body?: string;
}
interface Shape {
  id: string;
  businessObject: ModdleElement & { eventDefinitions?: ModdleElement[]; sourceRef?: ModdleElement; conditionExpression?: ModdleElement };
}
interface Modeling {
  updateProperties(el: Shape, props: Record<string, unknown>): void;
  updateModdleProperties(el: Shape, target: ModdleElement, props: Record<string, unknown>): void;
}
interface Moddle {
  create(type: string, attrs: Record<string, unknown>): ModdleElement;
}

/**
 * The expressions an analyst must be able to write in the designer: the FEEL condition of a
 * flow leaving a gateway, and a timer's ISO 8601 duration with `tthc:calendar="working"`.
 */
export function ExpressionFields({ modeler, element }: { modeler: Modeler; element: Shape }) {
  const { t } = useI18n();
  const bo = element.businessObject;
  const modeling = modeler.get<Modeling>('modeling');
  const expr = (body: string) => (body ? modeler.get<Moddle>('moddle').create('bpmn:FormalExpression', { body }) : undefined);

  if (bo.$instanceOf('bpmn:SequenceFlow') && bo.sourceRef && /Gateway$/.test(bo.sourceRef.$type)) {
    return <ConditionField key={`${element.id}-condition`} value={bo.conditionExpression?.body ?? ''} onChange={(v) => modeling.updateProperties(element, { conditionExpression: expr(v) })} />;
  }

  if (bo.$instanceOf('bpmn:ScriptTask')) {
    const script = String(bo.get('script') ?? '');
    return (
      <div className="field">
        <label htmlFor="prop-script">{t('props.script')}</label>
        <textarea
          id="prop-script"
          key={`${element.id}-script`}
          rows={3}
          defaultValue={script}
          onBlur={(e) => e.target.value !== script && modeling.updateProperties(element, { scriptFormat: 'feel', script: e.target.value })}
        />
      </div>
    );
  }

  const timer = bo.eventDefinitions?.find((d) => d.$instanceOf('bpmn:TimerEventDefinition'));
  if (!timer) return null;
  const duration = (timer.get('timeDuration') as ModdleElement | undefined)?.body ?? '';
  const working = timer.get('tthc:calendar') === 'working';
  return (
    <>
      <div className="field">
        <label htmlFor="prop-timer">{t('props.timer')}</label>
        <input
          id="prop-timer"
          key={`${element.id}-timer`}
          type="text"
          defaultValue={duration}
          onBlur={(e) =>
            e.target.value.trim() !== duration &&
            modeling.updateModdleProperties(element, timer, { timeDuration: expr(e.target.value.trim()) })
          }
        />
      </div>
      <div className="field field-check">
        <input
          id="prop-timer-working"
          type="checkbox"
          checked={working}
          onChange={(e) => modeling.updateModdleProperties(element, timer, { 'tthc:calendar': e.target.checked ? 'working' : undefined })}
        />
        <label htmlFor="prop-timer-working">{t('props.timerWorking')}</label>
      </div>
    </>
  );
}

/** a gateway condition in FEEL, checked as the compiler checks it; an invalid one is not written */
function ConditionField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<number | null>(null);
  return (
    <div className="field">
      <label htmlFor="prop-condition">{t('props.condition')}</label>
      <input
        id="prop-condition"
        type="text"
        defaultValue={value}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? 'prop-condition-error' : undefined}
        onBlur={(e) => {
          const next = e.target.value.trim();
          const at = feelSyntaxError(next);
          setError(at);
          if (at === null && next !== value) onChange(next);
        }}
      />
      {error !== null && (
        <span id="prop-condition-error" className="field-error">
          {t('props.feelInvalid', { position: error + 1 })}
        </span>
      )}
    </div>
  );
}

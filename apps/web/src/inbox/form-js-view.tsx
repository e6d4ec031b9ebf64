import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import { useI18n } from '../i18n/i18n-context';
import type { FormSchema } from './form-schema';

export interface FormJsHandle {
  /** validates; the data when valid, null when a field is wrong (form-js marks it) */
  submit(): Record<string, unknown> | null;
}

/** A form-js form (the task's `tthc:formKey`): labels, validation and required fields come from the schema. */
export const FormJsView = forwardRef<FormJsHandle, { schema: FormSchema; data: Record<string, unknown> }>(function FormJsView({ schema, data }, ref) {
  const { t } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const form = useRef<Form | null>(null);
  const [failed, setFailed] = useState(false);
  const dataRef = useRef(data);

  useEffect(() => {
    const instance = new Form({ container: host.current! });
    form.current = instance;
    instance.importSchema(schema, dataRef.current).catch(() => setFailed(true));
    return () => {
      instance.destroy();
      form.current = null;
    };
  }, [schema]);

  useImperativeHandle(ref, () => ({
    submit() {
      const result = form.current?.submit();
      if (!result) return null;
      return Object.keys(result.errors ?? {}).length ? null : (result.data as Record<string, unknown>);
    },
  }));

  return (
    <>
      {failed && (
        <div className="alert alert-error" role="alert">
          {t('complete.formFailed')}
        </div>
      )}
      <div ref={host} className="form-js-host" />
    </>
  );
});

import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import type { FormFieldIssue, FormSchema } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { translateValidator, vietnameseFormMessage } from './form-js-messages';
import { setDatePickerLanguage } from './form-js-date-locale';
import { keepPopupsInDialog } from './form-js-popups';

export interface FormJsHandle {
  /** validates; the data when valid, null when a field is wrong (form-js marks it under the field) */
  submit(): Record<string, unknown> | null;
  /** marks the fields the server refused (422 FORM_INVALID details) under each field, as form-js marks its own */
  showErrors(issues: FormFieldIssue[]): void;
}

interface Props {
  schema: FormSchema;
  data: Record<string, unknown>;
  /** a field changed (e.g. to clear a "fix the marked fields" message) */
  onChange?: () => void;
}

/**
 * A form-js form (the task's `tthc:formKey`): labels, required fields and validation come
 * from the schema; validation messages in the reader's language (form-js's are English).
 */
export const FormJsView = forwardRef<FormJsHandle, Props>(function FormJsView({ schema, data, onChange }, ref) {
  const { t, lang } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const form = useRef<Form | null>(null);
  const [failed, setFailed] = useState(false);
  // the data the form opens with: read once per schema, a re-render must not reset what was typed
  const initial = useRef(data);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    // no input debouncing: a field's value reaches the form's state at once, so a click on another
    // field (a radio) never races a typed value that is still pending (form-js debounces 300 ms by default)
    // (`debounce` is read from the form's config by useFlushDebounce; FormOptions does not declare it)
    setDatePickerLanguage(lang);
    const instance = new Form({ container: host.current!, debounce: false } as ConstructorParameters<typeof Form>[0]);
    if (lang === 'vi') translateValidator(instance.get('validator'), vietnameseFormMessage);
    form.current = instance;
    instance.importSchema(schema, initial.current).catch(() => setFailed(true));
    instance.on('field.updated', () => changed.current?.());
    const placeholders = lang === 'vi' ? translatePlaceholders(host.current!) : undefined;
    const popups = keepPopupsInDialog(host.current!);
    return () => {
      popups();
      placeholders?.disconnect();
      instance.destroy();
      form.current = null;
    };
  }, [schema, lang]);

  useImperativeHandle(ref, () => ({
    submit() {
      const result = form.current?.submit();
      if (!result) return null;
      return Object.keys(result.errors ?? {}).length ? null : (result.data as Record<string, unknown>);
    },
    showErrors(issues) {
      const errors: Record<string, string[]> = {};
      for (const issue of issues) if (issue.id) (errors[issue.id] ??= []).push(issue.message);
      // form-js keeps its errors by field id in its state (Form#validate sets them the same way)
      (form.current as unknown as { _setState(s: { errors: Record<string, string[]> }): void } | null)?._setState({ errors });
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

/** form-js writes "Select" in an empty select (no option for it in 1.x): "Chọn…" instead, whenever it reappears. */
function translatePlaceholders(root: HTMLElement): MutationObserver {
  const patch = () => {
    // the text node itself (preact keeps a reference to it and updates it when a value is chosen)
    for (const el of root.querySelectorAll('.fjs-select-placeholder')) {
      const text = el.firstChild;
      if (text?.nodeType === Node.TEXT_NODE && text.nodeValue === 'Select') text.nodeValue = 'Chọn…';
    }
  };
  const observer = new MutationObserver(patch);
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  patch();
  return observer;
}

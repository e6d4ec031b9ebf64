import { useEffect, useRef, useState } from 'react';
import { FormEditor } from '@bpmn-io/form-js-editor';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-editor/dist/assets/properties-panel.css';
import { hashOfFormKey } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { errorText } from '../common/error-text';
import { useModalDialog } from '../common/use-modal-dialog';
import { getForm, saveForm } from './drafts-api';

/** a new form: one text field, so the analyst sees at once what a field looks like */
const STARTER = {
  type: 'default',
  components: [{ type: 'textfield', key: 'ghiChu', label: 'Ghi chú' }],
};

/**
 * The form of a user task in the form-js editor (1.23.0). "Lưu biểu mẫu" stores the schema
 * content-addressed on the server and hands back `sha256:<hash>` for the task's tthc:formKey,
 * so the published version pins exactly this form.
 */
export function FormEditorDialog({ taskName, formKey, onSaved, onClose }: { taskName: string; formKey: string | null; onSaved: (formKey: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const ref = useModalDialog();
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<FormEditor | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const instance = new FormEditor({ container: host.current! });
    editor.current = instance;
    let live = true;
    const hash = hashOfFormKey(formKey);
    const schema: Promise<Record<string, unknown>> = hash ? getForm(formKey!).then((f) => f.schema) : Promise.resolve(STARTER);
    schema
      .then(async (s) => {
        if (live) await instance.importSchema(s);
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
      instance.destroy();
    };
  }, [formKey]);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const saved = await saveForm(editor.current!.saveSchema() as Record<string, unknown>);
      onSaved(saved.formKey);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={ref} className="dialog dialog-wide" aria-labelledby="form-editor-title" onCancel={onClose}>
      <header className="dialog-head">
        <h2 id="form-editor-title">{t('forms.editorTitle', { name: taskName })}</h2>
        <button type="button" className="btn btn-ghost" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      <div className="dialog-body">
        <div ref={host} className="form-editor-host" />
        {error != null && (
          <p className="alert alert-error" role="alert">
            {errorText(error, t)}
          </p>
        )}
      </div>
      <footer className="dialog-foot">
        <button type="button" className="btn" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" onClick={save} disabled={busy}>
          {t('forms.save')}
        </button>
      </footer>
    </dialog>
  );
}

import { useEffect, useRef, useState } from 'react';
import { FormEditor } from '@bpmn-io/form-js-editor';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-editor/dist/assets/properties-panel.css';
import { ErrorCode } from '@tthc/contracts';
import { useI18n } from '../i18n/i18n-context';
import { ApiError } from '../common/api-error';
import { errorText } from '../common/error-text';
import { useModalDialog } from '../common/use-modal-dialog';
import { getDraftForm, saveDraftForm } from './drafts-api';
import { translateFormEditor } from './form-editor-i18n';

/** a new form: one text field, so the analyst sees at once what a field looks like */
const starter = (id: string) => ({
  id,
  type: 'default',
  components: [{ type: 'textfield', key: 'ghiChu', label: 'Ghi chú' }],
});

/**
 * The form of a user task in the form-js editor (1.23.0), inside a draft: it opens the form the
 * task names (`openKey`: the draft's edit, else the one its version pins — a shipped
 * `processes/forms` form, or an older `sha256:` one), a new one when there is none, and
 * "Lưu biểu mẫu" saves it in the draft under `formId`; the publication pins it by hash.
 */
export function FormEditorDialog({ draftId, taskName, openKey, formId, onSaved, onClose }: {
  draftId: string;
  taskName: string;
  openKey: string | null;
  formId: string;
  onSaved: (formId: string) => void;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  // the language when the editor opens (it cannot change while this modal dialog is open)
  const langRef = useRef(lang);
  langRef.current = lang;
  const ref = useModalDialog();
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<FormEditor | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const instance = new FormEditor({ container: host.current! });
    editor.current = instance;
    // form-js's editor has no translation hook: its palette and properties panel are rewritten in Vietnamese
    const stopTranslating = langRef.current === 'vi' ? translateFormEditor(host.current!) : undefined;
    const ctrl = new AbortController();
    const schema: Promise<Record<string, unknown>> = openKey
      ? getDraftForm(draftId, openKey, ctrl.signal).then(
          (f) => f.schema,
          // a key naming a form that was never deployed: the analyst designs it now
          (e) => (e instanceof ApiError && e.code === ErrorCode.FORM_NOT_FOUND ? starter(formId) : Promise.reject(e)),
        )
      : Promise.resolve(starter(formId));
    schema
      .then(async (s) => {
        if (!ctrl.signal.aborted) await instance.importSchema(s);
      })
      .catch((e) => !ctrl.signal.aborted && setError(e));
    return () => {
      ctrl.abort();
      stopTranslating?.();
      instance.destroy();
    };
  }, [draftId, openKey, formId]);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const saved = await saveDraftForm(draftId, formId, editor.current!.saveSchema() as Record<string, unknown>);
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
        <p className="muted small">{t('forms.idHint', { id: formId })}</p>
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

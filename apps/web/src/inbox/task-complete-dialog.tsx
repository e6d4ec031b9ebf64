import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import type { FormFieldIssue, FormSchema } from '@tthc/contracts';
import { ApiError } from '../common/api-error';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { formatDateTime, isOverdue } from '../common/format-date';
import type { Task } from '../common/types';
import { completeTask, getTaskForm } from './tasks-api';
import { FormDialog } from '../common/form-dialog';
import { fieldsFrom, withDecisions, type VariableField } from './variable-fields';
import { useVariablesSubmit } from './use-variables-submit';
import { decisionFields } from './decision-fields';
import { getDefinitionXml } from '../instances/instances-api';
import { VariableFieldsEditor } from './variable-fields-editor';
import type { FormJsHandle } from './form-js-view';
import { Loading } from '../common/feedback';
import { errorText } from '../common/error-text';

// form-js (and its FEEL engine) loads with the first task that has a form
const FormJsView = lazy(() => import('./form-js-view').then((m) => ({ default: m.FormJsView })));

interface Props {
  task: Task;
  onClose: () => void;
  onCompleted: () => void;
}

/** A modal form (native <dialog>: focus trap and Esc for free) that completes one task. */
export function TaskCompleteDialog({ task, onClose, onCompleted }: Props) {
  const { t, locale } = useI18n();
  const [fields, setFields] = useState<VariableField[]>(() => fieldsFrom(task.variables));
  const { busy, error, clearError, submit: submitVariables, submitForm } = useVariablesSubmit();
  const name = task.name || task.elementId || task.id;
  // a task with `tthc:formKey` renders the form-js form deployed with its version
  const [schema, setSchema] = useState<FormSchema | null>(null);
  const [formState, setFormState] = useState<'none' | 'loading' | 'ready' | 'failed'>(task.formKey ? 'loading' : 'none');
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<FormJsHandle>(null);

  useEffect(() => {
    if (!task.formKey) return;
    const controller = new AbortController();
    getTaskForm(task.id, controller.signal)
      .then((form) => {
        setSchema(form?.schema ?? null);
        setFormState(form ? 'ready' : 'none'); // no form deployed for the key: the variable editor
      })
      .catch((e) => {
        if (controller.signal.aborted) return;
        setFormError(errorText(e, t));
        setFormState('failed');
      });
    return () => controller.abort();
  }, [task.id, task.formKey, t]);

  // the variables the next gateway decides on become fields (e.g. "Đồng ý?" → approved)
  useEffect(() => {
    if (!task.processKey || task.version == null || !task.elementId) return;
    const controller = new AbortController();
    getDefinitionXml(task.processKey, task.version, controller.signal)
      .then((xml) => setFields((list) => withDecisions(list, decisionFields(xml, task.elementId!))))
      .catch(() => undefined); // without the diagram the form still offers "add a field"
    return () => controller.abort();
  }, [task.processKey, task.version, task.elementId]);

  function submit(event: FormEvent) {
    if (formState === 'loading' || formState === 'failed') return event.preventDefault();
    if (schema) {
      return submitForm(event, () => formRef.current?.submit() ?? null, async (variables) => {
        try {
          await completeTask(task.id, variables);
        } catch (e) {
          // the server checks the data against the pinned form too: its per-field messages go under the fields
          if (e instanceof ApiError && e.code === 'FORM_INVALID' && Array.isArray(e.details)) formRef.current?.showErrors(e.details as FormFieldIssue[]);
          throw e;
        }
        onCompleted();
      });
    }
    return submitVariables(event, fields, async (variables) => {
      await completeTask(task.id, variables);
      onCompleted();
    });
  }

  const meta = (
    <>
      {task.processKey}
      {task.instanceId && (
        <>
          {' · '}
          <Link to={`/instances/${encodeURIComponent(task.instanceId)}`} onClick={onClose}>
            {t('complete.dossierLink')}
          </Link>
        </>
      )}
      {task.dueAt && (
        <span className={isOverdue(task.dueAt) ? 'due-overdue' : undefined}>
          {' · '}
          {t('complete.due', { due: formatDateTime(task.dueAt, locale) })}
        </span>
      )}
    </>
  );
  return (
    <FormDialog
      titleId="complete-title"
      eyebrow={t('complete.title')}
      title={name}
      meta={meta}
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      disabled={formState === 'loading' || formState === 'failed'}
      submit={t('complete.submit')}
      submitting={t('complete.submitting')}
    >
      {formState === 'loading' && <Loading />}
      {formState === 'failed' && (
        <div className="alert alert-error" role="alert">
          {t('complete.formFailed')} {formError}
        </div>
      )}
      {schema && (
        <Suspense fallback={<Loading />}>
          <FormJsView ref={formRef} schema={schema} data={task.variables ?? {}} onChange={clearError} />
        </Suspense>
      )}
      {formState === 'none' && (
        <>
          <p className="muted">{fields.length ? t('complete.intro') : t('complete.noFields')}</p>
          <VariableFieldsEditor fields={fields} setFields={setFields} />
        </>
      )}
    </FormDialog>
  );
}

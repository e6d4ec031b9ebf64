import { deployedFormKey, ErrorCode, hashOfFormKey, type FormSchema, type TaskFormView } from '@tthc/contracts';
import { getForm, type ProcessDefinitionEntity } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { validateFormData } from './form-data-validation';

/** Every form-js form deployed with a version (pinned by hash in its graph), by form key. */
export async function formsOfVersion(ds: DataSource, def: Pick<ProcessDefinitionEntity, 'graph'>): Promise<TaskFormView[]> {
  const pinned = Object.entries(def.graph.forms ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const out: TaskFormView[] = [];
  for (const [formKey, sha256] of pinned) {
    const form = await getForm(ds, sha256);
    if (form) out.push({ formKey, sha256, schema: form.schema as FormSchema });
  }
  return out;
}

/**
 * The form a task names, pinned to the task's version: `tthc:formKey="sha256:<hex>"` (a form
 * the designer stored; the key is its hash) or `"<id>"` (a form deployed with the version:
 * `graph.forms[id]` is its hash). 404 FORM_NOT_FOUND otherwise.
 */
export async function formOfTask(ds: DataSource, def: Pick<ProcessDefinitionEntity, 'graph'> | null, formKey: string | null): Promise<TaskFormView> {
  if (!formKey) throw new ApiError(ErrorCode.FORM_NOT_FOUND, 'this task has no form (no tthc:formKey): complete it with its variables');
  const key = deployedFormKey(formKey);
  const sha256 = hashOfFormKey(formKey) ?? def?.graph.forms?.[key];
  const form = sha256 ? await getForm(ds, sha256) : null;
  if (!sha256 || !form) throw new ApiError(ErrorCode.FORM_NOT_FOUND, `the form "${key}" was not deployed with this version of the process`, { formKey: key });
  return { formKey: key, sha256, schema: form.schema as FormSchema };
}

/**
 * A completion of a task with a form: the data (the task's variables overlaid with what is
 * submitted — the data the form opens with) must satisfy the pinned schema, as form-js checks
 * it in the browser; 422 FORM_INVALID with one detail per field otherwise. A task without a
 * form (or whose form was not deployed: it shows the variable editor) is not checked.
 */
export async function checkTaskFormData(ds: DataSource, def: Pick<ProcessDefinitionEntity, 'graph'> | null, formKey: string | null, data: Record<string, unknown>): Promise<void> {
  if (!formKey) return;
  let form: TaskFormView;
  try {
    form = await formOfTask(ds, def, formKey);
  } catch (err) {
    if (err instanceof ApiError && err.code === ErrorCode.FORM_NOT_FOUND) return;
    throw err;
  }
  const issues = validateFormData(form.schema, data);
  if (issues.length === 0) return;
  const summary = issues.map((i) => `${i.label ?? i.field}: ${i.message}`).join(' ');
  throw new ApiError(ErrorCode.FORM_INVALID, `Dữ liệu biểu mẫu "${form.formKey}" không hợp lệ. ${summary}`, issues);
}

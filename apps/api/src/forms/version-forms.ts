import { ErrorCode, formKeyOf, type TaskFormView } from '@tthc/contracts';
import { getFormSchemas, type ProcessDefinitionEntity } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';

/** Every form-js form deployed with a version (pinned by hash in its graph), by form key. */
export async function formsOfVersion(ds: DataSource, def: Pick<ProcessDefinitionEntity, 'graph'>): Promise<TaskFormView[]> {
  const pinned = Object.entries(def.graph.forms ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const schemas = await getFormSchemas(ds, pinned.map(([, sha]) => sha));
  return pinned.flatMap(([formKey, sha256]) => {
    const schema = schemas.get(sha256);
    return schema ? [{ formKey, sha256, schema }] : [];
  });
}

/** The form a task names (`formKey`), as deployed with the task's version; 404 FORM_NOT_FOUND otherwise. */
export async function formOfTask(ds: DataSource, def: Pick<ProcessDefinitionEntity, 'graph'> | null, formKey: string | null): Promise<TaskFormView> {
  if (!formKey) throw new ApiError(ErrorCode.FORM_NOT_FOUND, 'this task has no form (no tthc:formKey): complete it with its variables');
  const key = formKeyOf(formKey);
  const sha256 = def?.graph.forms?.[key];
  const schema = sha256 ? (await getFormSchemas(ds, [sha256])).get(sha256) : undefined;
  if (!sha256 || !schema) throw new ApiError(ErrorCode.FORM_NOT_FOUND, `the form "${key}" was not deployed with this version of the process`, { formKey: key });
  return { formKey: key, sha256, schema };
}

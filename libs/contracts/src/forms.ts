/**
 * Task forms (form-js): a user task's `tthc:formKey` names a form-js schema deployed with
 * the process version. Pure data.
 */

/** A form-js schema; its `id` is the form key a task names (`tthc:formKey`). */
export interface FormSchema {
  id: string;
  type?: string;
  components: unknown[];
  [property: string]: unknown;
}

/** Camunda 8's prefix for a form embedded in the BPMN; stripped to find the form key. */
export const CAMUNDA_EMBEDDED_FORM_PREFIX = 'camunda-forms:bpmn:';

/** the id of a form deployed with the version that a task's formKey names (`camunda-forms:bpmn:<id>` → `<id>`) */
export function deployedFormKey(value: string): string {
  return value.startsWith(CAMUNDA_EMBEDDED_FORM_PREFIX) ? value.slice(CAMUNDA_EMBEDDED_FORM_PREFIX.length) : value;
}

/** `GET /tasks/:id/form`, and one entry of `GET /process-definitions/:key/versions/:version/forms`. */
export interface TaskFormView {
  formKey: string;
  /** sha-256 (hex) of the canonical JSON of the schema: pinned in the version's graph */
  sha256: string;
  schema: FormSchema;
}

/**
 * One problem of a task's submitted form data (422 FORM_INVALID `details` of
 * `POST /tasks/:id/complete`): `field` is the field's key (dotted inside a group with a path),
 * `id` the form-js component id, `message` in Vietnamese.
 */
export interface FormFieldIssue {
  field: string;
  id?: string;
  label?: string;
  message: string;
}

/**
 * The form-js schema of a user task's `formKey`, embedded in the deployed BPMN the way
 * Camunda 8 embeds it: `formKey="camunda-forms:bpmn:<id>"` names a
 * `<zeebe:userTaskForm id="<id>">{ form-js JSON }</zeebe:userTaskForm>` of the process
 * (any namespace prefix; a `formKey` that is the bare id works too). So the form is
 * versioned with the process and needs no store of its own.
 */
export type FormSchema = { components: unknown[] } & Record<string, unknown>;

const EMBEDDED = 'camunda-forms:bpmn:';

export function embeddedFormSchema(xml: string, formKey: string): FormSchema | null {
  const id = formKey.startsWith(EMBEDDED) ? formKey.slice(EMBEDDED.length) : formKey;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return null;
  const holder = Array.from(doc.getElementsByTagName('*')).find((el) => el.localName === 'userTaskForm' && el.getAttribute('id') === id);
  if (!holder?.textContent) return null;
  try {
    const schema = JSON.parse(holder.textContent) as FormSchema;
    return Array.isArray(schema?.components) ? schema : null;
  } catch {
    return null;
  }
}

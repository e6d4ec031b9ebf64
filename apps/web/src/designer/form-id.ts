import { deployedFormKey, hashOfFormKey } from '@tthc/contracts';

const FORM_ID = /^[A-Za-z0-9_.-]{1,255}$/;

/**
 * The stable id under which the designer saves a task's form (one forms mechanism: a task names
 * its form by id, the version pins the id to the schema's hash). A task that already names a
 * form by id keeps it (`camunda-forms:bpmn:<id>` → `<id>`); a task without a form, or pinned
 * by hash by an earlier editor, gets `<process>-<task>`.
 */
export function formIdFor(formKey: string | null | undefined, processId: string, taskId: string): string {
  if (formKey && !hashOfFormKey(formKey)) {
    const id = deployedFormKey(formKey);
    if (FORM_ID.test(id)) return id;
  }
  return `${processId}-${taskId}`.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 255);
}

interface ModelElement {
  id: string;
  $type: string;
  $parent?: ModelElement;
}

/** the id of the process a task belongs to (through sub-processes); 'quy-trinh' when there is none */
export function processIdOf(shape: { businessObject: unknown }): string {
  for (let el = shape.businessObject as ModelElement | undefined; el; el = el.$parent) {
    if (el.$type === 'bpmn:Process') return el.id;
  }
  return 'quy-trinh';
}

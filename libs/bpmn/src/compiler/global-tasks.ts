/**
 * BPMN 2.0.2 §10.3.3 / §10.2.5: a call activity whose calledElement is a global task of the same file
 * (globalTask, globalUserTask, globalScriptTask, globalManualTask, globalBusinessRuleTask) behaves like
 * that task. The compiler builds the call activity as the corresponding task: the global task gives the
 * task's own definition (assignee, form, script, job type…), the call activity its place in the flow
 * (id, name, default flow, loop / multi-instance, input/output mappings, quantities, extension attributes).
 */
import type { CompileIssue } from './compile-error';
import type { El } from './extensions';

const TASK_OF: Record<string, string> = {
  'bpmn:GlobalTask': 'task',
  'bpmn:GlobalUserTask': 'userTask',
  'bpmn:GlobalScriptTask': 'scriptTask',
  'bpmn:GlobalManualTask': 'manualTask',
  'bpmn:GlobalBusinessRuleTask': 'businessRuleTask',
};

/** the global task a call activity calls, when its calledElement names one of the file */
export function calledGlobalTask(el: El): El | undefined {
  const target = typeof el.calledElement === 'string' ? el.calledElement.trim() : '';
  if (!target || target.startsWith('=')) return undefined;
  let defs = el.$parent;
  while (defs && defs.$type !== 'bpmn:Definitions') defs = defs.$parent;
  return (defs?.rootElements ?? []).find((r: El) => r.id === target && String(r.$type).startsWith('bpmn:Global'));
}

/** the element to build in place of the call activity, and its task type; undefined (with an issue) when the global kind cannot run */
export function globalTaskCall(el: El, global: El, issues: CompileIssue[]): { el: El; type: string } | undefined {
  const type = TASK_OF[global.$type];
  if (!type) {
    issues.push({ elementId: el.id, rule: 'unsupported-element', message: `call activity calls ${String(global.$type).replace('bpmn:', '')} '${global.id}', which is not supported (use a global user, script, manual, business rule or plain task, or a process)` });
    return undefined;
  }
  const merged: El = Object.create(global);
  const own = (k: string, v: unknown) => Object.defineProperty(merged, k, { value: v, enumerable: true, writable: true });
  own('$type', 'bpmn:' + type.charAt(0).toUpperCase() + type.slice(1));
  own('id', el.id);
  own('name', el.name ?? global.name);
  own('$attrs', { ...(global.$attrs ?? {}), ...(el.$attrs ?? {}) });
  own('extensionElements', { $type: 'bpmn:ExtensionElements', values: [...(global.extensionElements?.values ?? []), ...(el.extensionElements?.values ?? [])] });
  for (const k of ['default', 'loopCharacteristics', 'startQuantity', 'completionQuantity', 'isForCompensation', 'ioSpecification', 'dataInputAssociations', 'dataOutputAssociations']) own(k, el[k]);
  if (type === 'scriptTask') own('scriptFormat', global.scriptLanguage ?? global.scriptFormat);
  return { el: merged, type };
}

import type { ModdleElement } from '../../moddle/create-moddle';
import { allFlowElements, is, tthcAttr } from '../model/tthc-attrs.util';
import { label, tthcRule } from './tthc-rule.util';

/**
 * `tthc/task-has-owner`: every user task has candidate groups or an assignee. Besides
 * `tthc:candidateGroups` / `tthc:assignee`, the Camunda 7 attributes, the Camunda 8
 * `zeebe:assignmentDefinition` and BPMN `potentialOwner`/`humanPerformer` have the same meaning.
 */
export const taskHasOwner = tthcRule('task-has-owner', (graph, report) => {
  for (const el of allFlowElements(graph.process)) {
    if (!is(el, 'bpmn:UserTask') || hasOwner(el)) continue;
    report(String(el.id),
      `User task ${label(el)} has no owner: set tthc:candidateGroups or tthc:assignee`,
      `Công việc ${label(el)} chưa có người/nhóm xử lý: khai báo tthc:candidateGroups hoặc tthc:assignee`);
  }
});

export function hasOwner(task: ModdleElement): boolean {
  if (tthcAttr(task, 'candidateGroups') || tthcAttr(task, 'assignee')) return true;
  const attrs = task.$attrs ?? {};
  if (['camunda:candidateGroups', 'camunda:candidateUsers', 'camunda:assignee'].some((k) => nonEmpty(attrs[k]))) return true;
  const resources = (task.resources as ModdleElement[] | undefined) ?? [];
  if (resources.some((r) => is(r, 'bpmn:HumanPerformer') || is(r, 'bpmn:PotentialOwner'))) return true;
  const values = ((task.extensionElements as ModdleElement | undefined)?.values as ModdleElement[] | undefined) ?? [];
  return values.some((v) => /(^|:)assignmentDefinition$/i.test(v.$type) &&
    ['assignee', 'candidateGroups', 'candidateUsers'].some((k) => nonEmpty(v[k] ?? v.$attrs?.[k])));
}

function nonEmpty(v: unknown): boolean {
  return typeof v === 'string' && v.trim() !== '';
}

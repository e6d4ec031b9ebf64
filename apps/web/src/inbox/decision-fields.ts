import type { FieldType } from './variable-fields';

/** A variable the next gateway decides on, offered as a field of the completion form. */
export interface DecisionField {
  name: string;
  type: FieldType;
  /** the gateway's name (e.g. "Đồng ý?"), the question the clerk answers */
  label?: string;
}

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const KEYWORDS = new Set(['true', 'false', 'null', 'and', 'or', 'not', 'in', 'some', 'every', 'if', 'then', 'else']);
// `name = true`, `name != "x"`, `name >= 3` — the comparisons analysts write on gateway flows
const COMPARISON = /([A-Za-z_][\w.]*)\s*(=|!=|<=|>=|<|>)\s*(true|false|-?\d+(?:\.\d+)?|"[^"]*")/g;

/**
 * Reads the deployed BPMN and finds the variables that the conditions right after this
 * task test (on its own outgoing flows or on those of the gateway it leads to). The
 * browser's DOMParser is enough: only ids, refs and condition texts are needed.
 */
export function decisionFields(xml: string, taskElementId: string): DecisionField[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return [];
  const all = Array.from(doc.getElementsByTagNameNS(BPMN, '*'));
  const byId = new Map(all.map((el) => [el.getAttribute('id') ?? '', el]));
  const flows = all.filter((el) => el.localName === 'sequenceFlow');
  const outgoing = (id: string) => flows.filter((f) => f.getAttribute('sourceRef') === id);

  const found = new Map<string, DecisionField>();
  const collect = (flow: Element, label?: string) => {
    const condition = Array.from(flow.children).find((c) => c.localName === 'conditionExpression')?.textContent ?? '';
    for (const [, name, , literal] of condition.matchAll(COMPARISON)) {
      const root = name.split('.')[0];
      if (KEYWORDS.has(root) || found.has(root)) continue;
      const type: FieldType = literal === 'true' || literal === 'false' ? 'boolean' : literal.startsWith('"') ? 'string' : 'number';
      found.set(root, { name: root, type: root === name ? type : 'json', label });
    }
  };
  for (const flow of outgoing(taskElementId)) {
    collect(flow);
    const target = byId.get(flow.getAttribute('targetRef') ?? '');
    if (target && /Gateway$/.test(target.localName)) {
      const label = target.getAttribute('name') || undefined;
      outgoing(target.getAttribute('id') ?? '').forEach((f) => collect(f, label));
    }
  }
  return [...found.values()];
}

/** The flow elements of a BPMN XML (id, name, type), for the mapping and modification forms. */
export interface BpmnElement {
  id: string;
  name: string;
  type: string;
}

const NOT_ELEMENTS = new Set(['sequenceFlow', 'process', 'definitions', 'laneSet', 'lane', 'textAnnotation', 'association', 'extensionElements', 'documentation']);

export function bpmnElements(xml: string): BpmnElement[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const out: BpmnElement[] = [];
  const process = doc.getElementsByTagNameNS('http://www.omg.org/spec/BPMN/20100524/MODEL', 'process')[0];
  if (!process) return out;
  const walk = (parent: Element) => {
    for (const el of Array.from(parent.children)) {
      if (el.namespaceURI !== 'http://www.omg.org/spec/BPMN/20100524/MODEL') continue;
      const type = el.localName;
      if (NOT_ELEMENTS.has(type) || type.endsWith('EventDefinition') || !el.getAttribute('id')) continue;
      out.push({ id: el.getAttribute('id')!, name: el.getAttribute('name') ?? '', type });
      if (type === 'subProcess' || type === 'transaction' || type === 'adHocSubProcess') walk(el);
    }
  };
  walk(process);
  return out;
}

export const elementLabel = (e: BpmnElement) => (e.name ? `${e.name} (${e.id})` : e.id);

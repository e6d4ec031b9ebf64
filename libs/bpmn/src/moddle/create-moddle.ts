import { BpmnModdle } from 'bpmn-moddle';
import tthcDescriptor from './tthc.json';

/** The tthc moddle descriptor (namespace https://tthc.dev/schema/bpmn/1.0), for bpmn-js `moddleExtensions`. */
export { tthcDescriptor };

/** Minimal typing of a moddle element (bpmn-moddle ships no usable CommonJS types). */
export interface ModdleElement {
  $type: string;
  $parent?: ModdleElement;
  $attrs?: Record<string, string>;
  $instanceOf(type: string): boolean;
  get(name: string): unknown;
  id?: string;
  name?: string;
  [key: string]: unknown;
}

export interface ParsedBpmn {
  definitions: ModdleElement;
  warnings: Array<{ message: string }>;
}

/** A bpmn-moddle instance that knows the tthc extension. Pure: runs in Node and the browser. */
export function createBpmnModdle(): InstanceType<typeof BpmnModdle> {
  return new BpmnModdle({ tthc: tthcDescriptor });
}

/** Parse BPMN 2.0 XML into moddle definitions (lax: unknown extension attributes are kept in `$attrs`). */
export async function parseBpmnXml(xml: string): Promise<ParsedBpmn> {
  const moddle = createBpmnModdle();
  const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions', { lax: true });
  return { definitions: rootElement as unknown as ModdleElement, warnings: (warnings ?? []) as ParsedBpmn['warnings'] };
}

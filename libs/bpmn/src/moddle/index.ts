export { createBpmnModdle, parseBpmnXml, tthcDescriptor } from './create-moddle';
export type { ModdleElement, ParsedBpmn } from './create-moddle';

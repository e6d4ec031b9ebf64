export { compileBpmn } from './compile-bpmn';
export type { CompileResult, CompiledProcess } from './compile-bpmn';
export { BpmnCompileError } from './compile-error';
export type { CompileIssue } from './compile-error';
export { MAX_XML_CHARS, MAX_XML_DEPTH } from './xml-guard';

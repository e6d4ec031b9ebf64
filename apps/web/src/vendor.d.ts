// bpmn-js-bpmnlint ships no type declarations; it is a diagram-js module object.
declare module 'bpmn-js-bpmnlint' {
  const lintModule: Record<string, unknown>;
  export default lintModule;
}

// bpmn-js-bpmnlint ships no type declarations; it is a diagram-js module object.
declare module 'bpmn-js-bpmnlint' {
  const lintModule: Record<string, unknown>;
  export default lintModule;
}

// bpmn-js-differ and diagram-js-minimap ship no type declarations.
declare module 'bpmn-js-differ' {
  export class ChangeHandler {}
  export function diff(a: unknown, b: unknown, handler?: unknown): unknown;
}
declare module 'diagram-js-minimap' {
  const minimapModule: Record<string, unknown>;
  export default minimapModule;
}

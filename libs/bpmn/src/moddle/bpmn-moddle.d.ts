// bpmn-moddle's own types are only reachable through its ESM "exports" map, which the
// repo's CommonJS/node module resolution cannot see; this is the part we use.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(
      xml: string,
      typeName?: string,
      options?: { lax?: boolean },
    ): Promise<{ rootElement: any; warnings: Array<{ message: string }>; references?: unknown[]; elementsById?: Record<string, any> }>;
    toXML(element: unknown, options?: { format?: boolean }): Promise<{ xml: string }>;
    create(type: string, attrs?: Record<string, unknown>): any;
  }
}

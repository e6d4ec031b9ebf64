/** One problem found while compiling a BPMN file (deploy-time validation). */
export interface CompileIssue {
  elementId?: string;
  /** stable rule name, e.g. 'unsupported-element', 'unreachable-node' */
  rule: string;
  message: string;
}

/** Thrown by compileBpmn when the file cannot be deployed; maps to HTTP 422 BPMN_INVALID. */
export class BpmnCompileError extends Error {
  readonly code = 'BPMN_INVALID' as const;
  constructor(
    readonly details: CompileIssue[],
    message = summarise(details),
  ) {
    super(message);
    this.name = 'BpmnCompileError';
  }
}

function summarise(details: CompileIssue[]): string {
  if (details.length === 0) return 'invalid BPMN';
  const first = details[0];
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  return `${first.elementId ? first.elementId + ': ' : ''}${first.message}${more}`;
}

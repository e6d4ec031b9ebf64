import * as bpmn from '@tthc/bpmn';
import type { ExecutableGraph } from '@tthc/contracts';

/**
 * The part of `@tthc/bpmn` deployments use, typed structurally: the compiler and the
 * TTHC lint land independently, and the API uses whichever is exported (lint is
 * optional; without a compiler deployments answer 503).
 */
export interface CompileIssue {
  elementId?: string;
  rule: string;
  message: string;
}
export interface BpmnLib {
  compileBpmn?: (xml: string) => Promise<{ processes: Array<{ key: string; name?: string; graph: ExecutableGraph }>; warnings: CompileIssue[] }>;
  lintBpmn?: (xml: string) => Promise<Array<CompileIssue & { severity: 'error' | 'warning' | string }>>;
}

export const bpmnLib: BpmnLib = bpmn as unknown as BpmnLib;

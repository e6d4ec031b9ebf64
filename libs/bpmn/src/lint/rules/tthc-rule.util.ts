import type { ModdleElement } from '../../moddle/create-moddle';
import { buildFlowGraph, type FlowGraph } from '../model/flow-graph';
import { isTthcProcess } from '../model/tthc-attrs.util';

/** bpmnlint's reporter: `report(id, message, extra)` (extra fields are spread into the report). */
export interface Reporter {
  report(id: string, message: string, extra?: Record<string, unknown>): void;
}

export interface LintRule {
  check(node: ModdleElement, reporter: Reporter): void;
  meta?: { documentation?: { url?: string } };
}

/** A bpmnlint rule factory (`(config) => rule`), what resolvers return. */
export type RuleFactory = (config?: unknown) => LintRule;

export type Report = (elementId: string, message: string, messageVi: string) => void;

export const DOCS_URL = 'https://github.com/tthc-flow/tthc-flow/blob/main/docs/lint.md';

/**
 * A TTHC rule: runs once per process that declares `tthc:procedureCode` (plain BPMN
 * processes are not subject to the profile) over that process's flow graph.
 * Each element is reported at most once per rule.
 */
export function tthcRule(name: string, analyse: (graph: FlowGraph, report: Report) => void): RuleFactory {
  return () => ({
    meta: { documentation: { url: `${DOCS_URL}#tthc${name}` } },
    check(node, reporter) {
      if (!isTthcProcess(node)) return;
      const reported = new Set<string>();
      analyse(buildFlowGraph(node), (elementId, message, messageVi) => {
        if (reported.has(elementId)) return;
        reported.add(elementId);
        reporter.report(elementId, message, { messageVi });
      });
    },
  });
}

/** Display label of an element in messages: `"Tiếp nhận hồ sơ" (Task_1)`. */
export function label(el: ModdleElement): string {
  return el.name ? `"${String(el.name)}" (${String(el.id)})` : String(el.id);
}

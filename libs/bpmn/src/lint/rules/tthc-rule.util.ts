import type { ModdleElement } from '../../moddle/create-moddle';
import { buildFlowGraph, type FlowGraph } from '../model/flow-graph';
import { is, isTthcProcess } from '../model/tthc-attrs.util';

/** bpmnlint's reporter: `report(id, message, extra)` (extra fields are spread into the report). */
export interface Reporter {
  report(id: string, message: string, extra?: Record<string, unknown>): void;
}

export interface LintRule {
  /** bpmnlint calls `enter` for every element it walks to; `false` skips the element's children */
  check: { enter(node: ModdleElement, reporter: Reporter): boolean };
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
 * bpmnlint walks the whole model once per rule; a process is a root element (never inside
 * another element's contents) and its flow graph covers what it contains, so the walk stops at
 * every process and at the diagram (DI) instead of visiting each element and shape eight times.
 */
export function tthcRule(name: string, analyse: (graph: FlowGraph, report: Report) => void): RuleFactory {
  return () => ({
    meta: { documentation: { url: `${DOCS_URL}#tthc${name}` } },
    check: {
      enter(node, reporter) {
        if (is(node, 'bpmndi:BPMNDiagram')) return false;
        if (!is(node, 'bpmn:Process')) return true;
        if (!isTthcProcess(node)) return false;
        const reported = new Set<string>();
        analyse(buildFlowGraph(node), (elementId, message, messageVi) => {
          if (reported.has(elementId)) return;
          reported.add(elementId);
          reporter.report(elementId, message, { messageVi });
        });
        return false;
      },
    },
  });
}

/** Display label of an element in messages: `"Tiếp nhận hồ sơ" (Task_1)`. */
export function label(el: ModdleElement): string {
  return el.name ? `"${String(el.name)}" (${String(el.id)})` : String(el.id);
}

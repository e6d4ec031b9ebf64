import { Linter } from 'bpmnlint';
import { parseBpmnXml, type ModdleElement } from '../moddle/create-moddle';
import type { LintIssue } from './lint-issue';
import { tthcLintConfig, tthcLintResolver } from './tthc-plugin';

/** The XML is not BPMN 2.0 (malformed, or not a `bpmn:definitions` document). */
export class BpmnParseError extends Error {
  readonly code = 'BPMN_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'BpmnParseError';
  }
}

interface BpmnlintReport {
  id?: string;
  message: string;
  messageVi?: string;
  category: string;
}

/** Parses BPMN XML and runs the TTHC rules over every process. Rejects with BpmnParseError on unreadable XML. */
export async function lintBpmn(xml: string): Promise<LintIssue[]> {
  let definitions: ModdleElement;
  try {
    ({ definitions } = await parseBpmnXml(xml));
  } catch (err) {
    throw new BpmnParseError(`Cannot read BPMN XML: ${(err as Error).message.split('\n')[0]}`);
  }
  return lintDefinitions(definitions);
}

/** Runs the TTHC rules over already parsed definitions (e.g. the designer's or the compiler's). */
export async function lintDefinitions(definitions: ModdleElement): Promise<LintIssue[]> {
  const linter = new Linter({ config: tthcLintConfig, resolver: tthcLintResolver });
  const results = (await linter.lint(definitions)) as unknown as Record<string, BpmnlintReport[]>;
  const issues: LintIssue[] = [];
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) {
      issues.push({
        elementId: r.id ?? '',
        rule,
        message: r.message,
        ...(r.messageVi ? { messageVi: r.messageVi } : {}),
        severity: r.category === 'warn' ? 'warn' : 'error',
      });
    }
  }
  return issues;
}

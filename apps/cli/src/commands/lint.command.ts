import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { compileBpmn, lintBpmn, type LintIssue } from '@tthc/bpmn';
import { print } from '../output';
import { runCommand } from './api-client-failure';
import type { CommandModule } from './index';

export interface FileLintResult {
  file: string;
  issues: LintIssue[];
}

/**
 * `tthc lint FILE…` — offline preflight of what `deploy` would refuse: the BPMN compiler's
 * checks (malformed XML, unsupported elements, …) and the TTHC compliance rules.
 * Exit code 1 when any file has an error.
 */
export const lintCommand: CommandModule = {
  register(program: Command) {
    program
      .command('lint')
      .description('check BPMN files offline: TTHC compliance rules and deployability')
      .argument('<files...>', 'BPMN 2.0 XML files')
      .option('--vi', 'Vietnamese messages')
      .option('--json', 'print JSON')
      .action((files: string[], o: { json?: boolean; vi?: boolean }) =>
        runCommand(!!o.json, async () => {
          const results: FileLintResult[] = [];
          for (const file of files) results.push({ file, issues: await lintFile(file) });
          const all = results.flatMap((r) => r.issues);
          const errors = all.filter((i) => i.severity === 'error').length;
          const summary = { files: results, errors, warnings: all.length - errors };
          print(!!o.json, summary, () => formatLint(results, !!o.vi));
          if (errors > 0) process.exitCode = 1;
        }),
      );
  },
};

/** Lints one file: unreadable or undeployable files become issues of that file, never a crash. */
export async function lintFile(file: string): Promise<LintIssue[]> {
  let xml: string;
  try {
    xml = readFileSync(file, 'utf8');
  } catch (err) {
    return [issue('', 'file-unreadable', `cannot read ${file}: ${(err as { code?: string }).code ?? (err as Error).message}`)];
  }
  const issues: LintIssue[] = [];
  try {
    await compileBpmn(xml);
  } catch (err) {
    const e = err as { code?: string; details?: Array<{ elementId?: string; rule: string; message: string }>; message: string };
    if (e.code !== 'BPMN_INVALID' || !Array.isArray(e.details)) throw err;
    issues.push(...e.details.map((d) => issue(d.elementId ?? '', d.rule, d.message)));
    // malformed XML: nothing more to lint
    if (e.details.some((d) => d.rule === 'xml-malformed')) return issues;
  }
  try {
    issues.push(...(await lintBpmn(xml)));
  } catch (err) {
    if ((err as { code?: string }).code !== 'BPMN_INVALID') throw err;
    if (issues.length === 0) issues.push(issue('', 'xml-malformed', (err as Error).message));
  }
  return issues;
}

function issue(elementId: string, rule: string, message: string): LintIssue {
  return { elementId, rule, message, severity: 'error' };
}

/** eslint-style text: per file, one line per issue with element id, severity and rule id. */
export function formatLint(results: FileLintResult[], vi: boolean): string {
  const lines: string[] = [];
  for (const { file, issues } of results) {
    if (issues.length === 0) {
      lines.push(`${file}: OK`);
      continue;
    }
    lines.push(file);
    const idWidth = Math.max(...issues.map((i) => (i.elementId || '-').length));
    const ruleWidth = Math.max(...issues.map((i) => i.rule.length));
    for (const i of issues) {
      const message = vi && i.messageVi ? i.messageVi : i.message;
      lines.push(`  ${(i.elementId || '-').padEnd(idWidth)}  ${i.severity.padEnd(5)}  ${i.rule.padEnd(ruleWidth)}  ${message}`);
    }
  }
  const all = results.flatMap((r) => r.issues);
  const errors = all.filter((i) => i.severity === 'error').length;
  const warnings = all.length - errors;
  lines.push(
    all.length === 0
      ? `\n${results.length} file(s), no problems`
      : `\n${all.length} problem(s) (${errors} error(s), ${warnings} warning(s)) in ${results.filter((r) => r.issues.length).length} of ${results.length} file(s)`,
  );
  return lines.join('\n');
}

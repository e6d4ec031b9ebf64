/**
 * RuleTester-style tests: every rule has `fixtures/<rule>/valid-*.bpmn` (no report) and
 * `invalid-*.bpmn` fixtures whose `<!-- expect: ids -->` comment lists the elements the rule
 * must report. Each rule runs alone through bpmnlint's Linter with the plugin's resolver.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'bpmnlint';
import { parseBpmnXml } from '../../moddle/create-moddle';
import { tthcLintResolver, tthcRules, TTHC_RULE_IDS } from '../tthc-plugin';

const FIXTURES = join(__dirname, 'fixtures');

interface Report {
  id: string;
  message: string;
  messageVi: string;
  category: string;
}

async function lintWithRule(rule: string, xml: string): Promise<Report[]> {
  const { definitions } = await parseBpmnXml(xml);
  const linter = new Linter({ resolver: tthcLintResolver });
  const results = (await linter.lint(definitions, { rules: { [`tthc/${rule}`]: 'error' } })) as unknown as Record<string, Report[]>;
  return results[`tthc/${rule}`] ?? [];
}

function expectedIds(xml: string): string[] {
  const m = /<!-- expect: ([^>]*) -->/.exec(xml);
  if (!m) throw new Error('fixture lacks an <!-- expect: … --> comment');
  return m[1].trim() === 'none' ? [] : m[1].trim().split(/\s+/).sort();
}

it('the plugin has exactly the rules of domain.md §1', () => {
  expect(TTHC_RULE_IDS.sort()).toEqual([
    'tthc/digitise-before-processing',
    'tthc/online-receipt-sla',
    'tthc/receive-first',
    'tthc/refuse-and-supplement-notify',
    'tthc/return-on-every-outcome',
    'tthc/sign-before-return',
    'tthc/statutory-deadline',
    'tthc/task-has-owner',
  ]);
});

describe.each(Object.keys(tthcRules))('tthc/%s', (rule) => {
  const dir = join(FIXTURES, rule);
  const files = readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort();

  it('has valid and invalid fixtures', () => {
    expect(files.some((f) => f.startsWith('valid-'))).toBe(true);
    expect(files.some((f) => f.startsWith('invalid-'))).toBe(true);
  });

  it.each(files)('%s', async (file) => {
    // given
    const xml = readFileSync(join(dir, file), 'utf8');
    const expected = expectedIds(xml);
    expect(file.startsWith('valid-') ? expected.length === 0 : expected.length > 0).toBe(true);
    // when
    const reports = await lintWithRule(rule, xml);
    // then
    expect(reports.map((r) => r.id).sort()).toEqual(expected);
    for (const r of reports) {
      expect(r.category).toBe('error');
      expect(r.message.length).toBeGreaterThan(20);
      expect(r.messageVi.length).toBeGreaterThan(20);
    }
  });
});

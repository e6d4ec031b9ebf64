import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import tthc from '../../../../../libs/bpmn/src/moddle/tthc.json';
import { tthcPackedLintConfig } from '../../../../../libs/bpmn/src/lint/tthc-plugin';
import { lintRuleByRule } from '../sliced-lint';

const fixtures = join(__dirname, '../../../../../libs/bpmn/src/lint/__tests__/fixtures');
const files = readdirSync(fixtures).flatMap((rule) => readdirSync(join(fixtures, rule)).map((f) => join(fixtures, rule, f)));
const parse = async (file: string) => (await new BpmnModdle({ tthc }).fromXML(readFileSync(file, 'utf8'))).rootElement;

describe('the designer live lint, one rule per task', () => {
  it('finds exactly what bpmnlint finds in one go, on every TTHC fixture', async () => {
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const definitions = await parse(file);
      const whole = await new Linter(tthcPackedLintConfig).lint(definitions);
      const sliced = await lintRuleByRule(tthcPackedLintConfig, definitions, () => true);
      expect({ file, findings: sliced }).toEqual({ file, findings: whole });
    }
  });

  it('drops a lint overtaken by a model change: it never reports, the later lint does', async () => {
    const definitions = await parse(files.find((f) => f.includes('invalid'))!);
    let current = true;
    let reported = false;
    void lintRuleByRule(tthcPackedLintConfig, definitions, () => current).then(() => (reported = true));
    current = false;
    const later = await lintRuleByRule(tthcPackedLintConfig, definitions, () => true);
    expect(Object.keys(later).length).toBeGreaterThan(0);
    expect(reported).toBe(false);
  });
});

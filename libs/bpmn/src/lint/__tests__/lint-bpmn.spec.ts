import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'bpmnlint';
import { parseBpmnXml } from '../../moddle/create-moddle';
import { BpmnParseError, lintBpmn } from '../lint-bpmn';
import { tthcPackedLintConfig } from '../tthc-plugin';
import { workingHoursOf } from '../model/working-duration.util';

const fixture = (rule: string, file: string) => readFileSync(join(__dirname, 'fixtures', rule, `${file}.bpmn`), 'utf8');

const HEAD = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="D" targetNamespace="t">';
const BARE = (attrs: string) => `${HEAD}<bpmn:process id="Bare"${attrs}><bpmn:startEvent id="S" /><bpmn:userTask id="Approve" tthc:step="approve" />
  <bpmn:endEvent id="E" /><bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Approve" /><bpmn:sequenceFlow id="f2" sourceRef="Approve" targetRef="E" />
  </bpmn:process></bpmn:definitions>`;

describe('lintBpmn', () => {
  it('reports every broken rule of a TTHC process as an error with element id, rule and both messages', async () => {
    // when
    const issues = await lintBpmn(BARE(' tthc:procedureCode="1.001"'));
    // then
    const pairs = issues.map((i) => `${i.rule} ${i.elementId}`).sort();
    expect(pairs).toEqual([
      'tthc/receive-first Bare', // no receive step at all
      'tthc/return-on-every-outcome E',
      'tthc/statutory-deadline Bare',
      'tthc/task-has-owner Approve',
    ]);
    expect(issues.every((i) => i.severity === 'error' && i.message && i.messageVi)).toBe(true);
    expect(issues.find((i) => i.rule === 'tthc/task-has-owner')?.messageVi).toContain('chưa có người/nhóm xử lý');
  });

  it('leaves plain BPMN processes (no tthc:procedureCode) alone', async () => {
    expect(await lintBpmn(BARE(''))).toEqual([]);
  });

  it('lints each process of a collaboration on its own', async () => {
    const xml = `${HEAD}<bpmn:collaboration id="C"><bpmn:participant id="A" processRef="Plain" /><bpmn:participant id="B" processRef="Tthc" /></bpmn:collaboration>
      <bpmn:process id="Plain"><bpmn:userTask id="T1" /></bpmn:process>
      <bpmn:process id="Tthc" tthc:procedureCode="1.1" tthc:statutoryDays="3"><bpmn:userTask id="T2" tthc:step="receive" tthc:due="PT8H" /></bpmn:process></bpmn:definitions>`;
    const issues = await lintBpmn(xml);
    expect(issues.map((i) => i.elementId)).not.toContain('T1');
    expect(issues.map((i) => `${i.rule} ${i.elementId}`)).toContain('tthc/task-has-owner T2');
  });

  it('rejects unreadable XML with a typed BPMN_INVALID error', async () => {
    await expect(lintBpmn('<bpmn:definitions')).rejects.toBeInstanceOf(BpmnParseError);
    await expect(lintBpmn('<html><body/></html>')).rejects.toMatchObject({ code: 'BPMN_INVALID' });
  });

  it('finds nothing in a complete procedure fixture', async () => {
    expect(await lintBpmn(fixture('statutory-deadline', 'valid-event-subprocess'))).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ rule: 'tthc/statutory-deadline' })]),
    );
  });
});

describe('packed config for bpmn-js-bpmnlint', () => {
  it('is a { config, resolver } that bpmnlint runs without any file system access', async () => {
    // given: what bpmn-js-bpmnlint does with `linting.bpmnlint`
    const linter = new Linter(tthcPackedLintConfig);
    const { definitions } = await parseBpmnXml(fixture('sign-before-return', 'invalid-no-sign'));
    // when
    const results = await linter.lint(definitions);
    // then
    expect(Object.keys(results)).toContain('tthc/sign-before-return');
    expect(results['tthc/sign-before-return'][0]).toMatchObject({ id: 'Return', category: 'error' });
  });

  it('is also reachable as `extends: plugin:tthc/recommended`', async () => {
    const linter = new Linter({ resolver: tthcPackedLintConfig.resolver });
    const { definitions } = await parseBpmnXml(fixture('task-has-owner', 'invalid-no-owner'));
    const results = await linter.lint(definitions, { extends: 'plugin:tthc/recommended' });
    expect(results['tthc/task-has-owner'].map((r) => r.id).sort()).toEqual(['Inner', 'Orphan']);
  });
});

describe('working-time durations', () => {
  it.each([
    ['PT8H', 8], ['P1D', 8], ['P15D', 120], ['P1W', 40], ['PT30M', 0.5], ['P1DT4H', 12], ['=PT8H', 8], ['="P2D"', 16],
    ['=duration("PT4H")', 4], ['pt2h', 2],
  ])('%s = %d working hours', (text, hours) => {
    expect(workingHoursOf(text)).toBe(hours);
  });

  it.each(['P1M', 'P1Y', 'P', 'PT', '8 hours', '', '=x + 1'])('%s is rejected', (text) => {
    expect(workingHoursOf(text)).toBeNull();
  });
});

/** The procedures in processes/ (seeded on first start) pass the TTHC lint and compile. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../compiler';
import { parseBpmnXml } from '../../moddle/create-moddle';
import { lintBpmn } from '../lint-bpmn';
import { tthcAttr } from '../model/tthc-attrs.util';

const DIR = join(__dirname, '../../../../../processes');
const files = readdirSync(DIR).filter((f) => f.endsWith('.bpmn')).sort();
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');


async function processOf(file: string) {
  const { definitions } = await parseBpmnXml(read(file));
  return (definitions.rootElements as any[]).find((r) => r.$type === 'bpmn:Process');
}

it('ships the demo process and at least two TTHC procedures', async () => {
  expect(files).toContain('demo-approval.bpmn');
  const tthc = [];
  for (const f of files) if (tthcAttr(await processOf(f), 'procedureCode')) tthc.push(f);
  expect(tthc.length).toBeGreaterThanOrEqual(2);
});

describe.each(files)('%s', (file) => {
  it('has zero TTHC lint issues', async () => {
    expect(await lintBpmn(read(file))).toEqual([]);
  });

  it('has BPMN DI for every flow element so the designer can render it', async () => {
    const xml = read(file);
    const ids = [...xml.matchAll(/<bpmn:(?!definitions|process|incoming|outgoing|conditionExpression|timeDuration|extensionElements|message\b|messageEventDefinition|timerEventDefinition)\w+ id="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) expect(xml).toContain(`bpmnElement="${id}"`);
  });

  it('compiles to an executable graph', async () => {
    const { processes } = await compileBpmn(read(file));
    expect(processes).toHaveLength(1);
    expect(processes[0].key).toBe(file.replace(/\.bpmn$/, ''));
  });
});

describe('TTHC procedures are really subject to the rules', () => {
  it.each([
    ['cap-phep-xay-dung.bpmn', 'tthc:step="sign"', 'tthc:step="custom"', 'tthc/sign-before-return', 'Task_TraKetQua'],
    ['chung-thuc-ban-sao.bpmn', 'tthc:notice="Mau03"', '', 'tthc/refuse-and-supplement-notify', 'Task_TuChoi'],
    ['chung-thuc-ban-sao.bpmn', 'tthc:step="digitise"', 'tthc:step="custom"', 'tthc/digitise-before-processing', 'Task_PheDuyet'],
    ['cap-phep-xay-dung.bpmn', '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P14D', '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P15D', 'tthc/statutory-deadline', 'cap-phep-xay-dung'],
  ])('%s: replacing %s with "%s" breaks %s', async (file, from, to, rule, elementId) => {
    // given a shipped procedure with one compliance element removed
    const xml = read(file);
    expect(xml).toContain(from);
    // when
    const issues = await lintBpmn(xml.replace(from, to));
    // then
    expect(issues.map((i) => `${i.rule} ${i.elementId}`)).toContain(`${rule} ${elementId}`);
  });
});

describe('demo-approval (used by the end-to-end tests)', () => {
  it('is a plain process of agency STP: user task for MOTCUA, gateway on `approved`, noop service task', async () => {
    const p = await processOf('demo-approval.bpmn');
    expect(p.id).toBe('demo-approval');
    expect(tthcAttr(p, 'procedureCode')).toBeUndefined();
    expect(tthcAttr(p, 'agency')).toBe('STP');
    const byType = (t: string) => (p.flowElements as any[]).filter((e) => e.$type === t);
    expect(byType('bpmn:UserTask').map((t) => [t.name, tthcAttr(t, 'candidateGroups')])).toEqual([['Xem xét hồ sơ', 'MOTCUA']]);
    expect(byType('bpmn:ServiceTask').map((t) => tthcAttr(t, 'taskType'))).toEqual(['noop']);
    const gateway = byType('bpmn:ExclusiveGateway')[0];
    expect(gateway.default?.targetRef.$type).toBe('bpmn:EndEvent');
    const conditioned = (gateway.outgoing as any[]).find((f) => f.conditionExpression);
    expect(conditioned.conditionExpression.body).toBe('=approved = true');
    expect(conditioned.targetRef.$type).toBe('bpmn:ServiceTask');
  });
});

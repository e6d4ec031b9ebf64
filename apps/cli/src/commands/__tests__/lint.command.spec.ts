import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tthc } from './run-cli.util';

jest.setTimeout(60_000);

const FIX = 'libs/bpmn/src/lint/__tests__/fixtures';
const tmp = mkdtempSync(join(tmpdir(), 'tthc-lint-'));
const file = (name: string, xml: string) => {
  const p = join(tmp, name);
  writeFileSync(p, xml);
  return p;
};
const HEAD = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">';

describe('tthc lint (offline)', () => {
  it('passes the shipped procedures with exit code 0', async () => {
    const r = await tthc(['lint', 'processes/demo-approval.bpmn', 'processes/chung-thuc-ban-sao.bpmn', 'processes/cap-phep-xay-dung.bpmn']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('processes/chung-thuc-ban-sao.bpmn: OK');
    expect(r.stdout).toContain('3 file(s), no problems');
  });

  it('prints element ids and rule ids of a non-compliant process and exits 1', async () => {
    const r = await tthc(['lint', `${FIX}/sign-before-return/invalid-no-sign.bpmn`]);
    expect(r.code).toBe(1);
    const line = r.stdout.split('\n').find((l) => l.includes('tthc/sign-before-return'));
    expect(line).toMatch(/^\s+Return\s+error\s+tthc\/sign-before-return\s+Return step Return can be reached without a sign step/);
    expect(r.stdout).toMatch(/\d+ problem\(s\) \(\d+ error\(s\), 0 warning\(s\)\) in 1 of 1 file\(s\)/);
  });

  it('--json gives every issue with file, element, rule, severity and both messages', async () => {
    const r = await tthc(['lint', '--json', `${FIX}/task-has-owner/invalid-no-owner.bpmn`, 'processes/demo-approval.bpmn']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.files.map((f: { file: string }) => f.file)).toEqual([`${FIX}/task-has-owner/invalid-no-owner.bpmn`, 'processes/demo-approval.bpmn']);
    expect(out.files[1].issues).toEqual([]);
    const owner = out.files[0].issues.filter((i: { rule: string }) => i.rule === 'tthc/task-has-owner');
    expect(owner.map((i: { elementId: string }) => i.elementId).sort()).toEqual(['Inner', 'Orphan']);
    expect(owner[0]).toEqual(expect.objectContaining({ severity: 'error', message: expect.stringContaining('no owner'), messageVi: expect.stringContaining('chưa có') }));
    expect(out.errors).toBe(out.files[0].issues.length);
  });

  it('--vi prints the Vietnamese messages', async () => {
    const r = await tthc(['lint', '--vi', `${FIX}/refuse-and-supplement-notify/invalid-no-notice.bpmn`]);
    expect(r.stdout).toMatch(/Refuse\s+error\s+tthc\/refuse-and-supplement-notify\s+Bước "?Refuse/);
    expect(r.stdout).toContain('Mẫu 03');
  });

  it('reports what deploy would refuse: malformed XML, unsupported elements, unreadable files', async () => {
    const malformed = file('malformed.bpmn', `${HEAD}<bpmn:process id="P"><bpmn:startEvent id="S">`);
    const complex = file('complex.bpmn', `${HEAD}<bpmn:process id="P" isExecutable="true"><bpmn:startEvent id="S" /><bpmn:complexGateway id="G" />
      <bpmn:endEvent id="E" /><bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="G" /><bpmn:sequenceFlow id="f2" sourceRef="G" targetRef="E" /></bpmn:process></bpmn:definitions>`);
    const r = await tthc(['lint', '--json', malformed, complex, join(tmp, 'missing.bpmn')]);
    expect(r.code).toBe(1);
    const [m, c, missing] = JSON.parse(r.stdout).files;
    expect(m.issues).toEqual([expect.objectContaining({ rule: 'xml-malformed', severity: 'error' })]);
    expect(c.issues).toEqual(expect.arrayContaining([expect.objectContaining({ elementId: 'G', rule: 'unsupported-element' })]));
    expect(missing.issues).toEqual([expect.objectContaining({ rule: 'file-unreadable', message: expect.stringContaining('ENOENT') })]);
  });

  it('needs at least one file', async () => {
    const r = await tthc(['lint']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("missing required argument 'files'");
  });
});

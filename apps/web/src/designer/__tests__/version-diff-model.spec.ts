/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffForms, diffVersions } from '../version-diff-model';

const shipped = readFileSync(join(__dirname, '../../../../../processes/chung-thuc-ban-sao.bpmn'), 'utf8');

describe('diff of two versions (bpmn-js-differ with the tthc extension)', () => {
  it('finds nothing between a version and itself', async () => {
    expect(await diffVersions(shipped, shipped)).toEqual([]);
  });

  it('lists a removed element, a changed tthc: attribute and a changed name', async () => {
    const after = shipped
      .replace(/<bpmn:userTask id="Task_KySo"[\s\S]*?<\/bpmn:userTask>/, '')
      .replace(/<bpmndi:BPMNShape id="Task_KySo_di"[\s\S]*?<\/bpmndi:BPMNShape>/, '')
      .replace('tthc:step="review" tthc:candidateGroups="HCTP"', 'tthc:step="review" tthc:candidateGroups="MOTCUA"')
      .replace('name="Trả kết quả chứng thực"', 'name="Trả kết quả"');
    const changes = await diffVersions(shipped, after);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'Task_KySo', kind: 'removed', type: 'UserTask', name: 'Ký số bản sao điện tử' }),
        expect.objectContaining({ id: 'Task_DoiChieu', kind: 'changed', attrs: [{ name: 'tthc:candidateGroups', before: 'HCTP', after: 'MOTCUA' }] }),
        expect.objectContaining({ id: 'Task_TraKetQua', kind: 'changed', attrs: [{ name: 'name', before: 'Trả kết quả chứng thực', after: 'Trả kết quả' }] }),
      ]),
    );
  });

  it('reports a moved shape as a layout change only', async () => {
    const moved = shipped.replace(/(<bpmndi:BPMNShape id="Task_TiepNhan_di"[^>]*>\s*<dc:Bounds x=")(\d+)/, (_m: string, head: string, x: string) => `${head}${Number(x) + 40}`);
    expect(await diffVersions(shipped, moved)).toEqual([expect.objectContaining({ id: 'Task_TiepNhan', kind: 'layout', attrs: [] })]);
  });

  it('reports an added element', async () => {
    const added = shipped.replace('</bpmn:process>', '<bpmn:userTask id="Task_Moi" name="Bước mới" tthc:step="notify" tthc:candidateGroups="MOTCUA" /></bpmn:process>');
    expect(await diffVersions(shipped, added)).toEqual([expect.objectContaining({ id: 'Task_Moi', kind: 'added', name: 'Bước mới' })]);
  });
});

describe('forms changed between two versions', () => {
  it('lists the form ids added, removed and re-pinned to another schema, and nothing for an unchanged pin', () => {
    const before = { 'ct-doi-chieu': 'a'.repeat(64), 'ct-ky': 'b'.repeat(64), 'ct-cu': 'c'.repeat(64) };
    const after = { 'ct-doi-chieu': 'd'.repeat(64), 'ct-ky': 'b'.repeat(64), 'ct-moi': 'e'.repeat(64) };
    expect(diffForms(before, after)).toEqual([
      { formId: 'ct-cu', kind: 'removed' },
      { formId: 'ct-doi-chieu', kind: 'changed' },
      { formId: 'ct-moi', kind: 'added' },
    ]);
    expect(diffForms(before, before)).toEqual([]);
  });
});

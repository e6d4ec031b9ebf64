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
  const pin = (sha: string, components: unknown[]) => ({ sha256: sha.repeat(64), schema: { components } });
  const name = { type: 'textfield', id: 'f1', key: 'nguoiDoiChieu', label: 'Họ tên người đối chiếu' };
  const note = { type: 'textarea', id: 'f2', key: 'ghiChu', label: 'Ghi chú' };
  const intro = { type: 'text', id: 'gioiThieu', text: 'Phiếu đối chiếu' };

  it('lists the form ids added, removed and re-pinned to another schema, and nothing for an unchanged pin', () => {
    const before = { 'ct-doi-chieu': pin('a', [name]), 'ct-ky': pin('b', []), 'ct-cu': pin('c', []) };
    const after = { 'ct-doi-chieu': pin('d', [name]), 'ct-ky': pin('b', []), 'ct-moi': pin('e', []) };
    expect(diffForms(before, after)).toEqual([
      { formId: 'ct-cu', kind: 'removed', fields: [] },
      { formId: 'ct-doi-chieu', kind: 'changed', fields: [] },
      { formId: 'ct-moi', kind: 'added', fields: [] },
    ]);
    expect(diffForms(before, before)).toEqual([]);
  });

  it('names the fields of a changed form that were added, removed or changed (nested in a group too), by key', () => {
    const date = { type: 'datetime', subtype: 'date', id: 'f3', key: 'ngayDoiChieu', dateLabel: 'Ngày đối chiếu' };
    const before = { f: pin('a', [intro, name, { type: 'group', id: 'g', components: [note] }]) };
    const after = { f: pin('b', [{ ...intro, text: 'Phiếu đối chiếu (mới)' }, name, { type: 'group', id: 'g', components: [date] }]) };
    // what the form editor adds to every field it saves (a generated row, properties in its own order) is no change
    const resaved = { f: pin('c', [{ text: intro.text, id: 'gioiThieu', type: 'text', layout: { row: 'Row_1x', columns: null } }, { ...name, layout: { row: 'Row_2y' } }]) };
    expect(diffForms({ f: pin('a', [intro, name]) }, resaved)).toEqual([{ formId: 'f', kind: 'changed', fields: [] }]);
    const wider = { f: pin('d', [intro, { ...name, layout: { row: 'Row_2y', columns: 8 } }]) };
    expect(diffForms({ f: pin('a', [intro, name]) }, wider)[0].fields).toEqual([{ key: 'nguoiDoiChieu', label: 'Họ tên người đối chiếu', kind: 'changed' }]);
    expect(diffForms(before, after)).toEqual([
      {
        formId: 'f',
        kind: 'changed',
        fields: [
          { key: 'gioiThieu', label: 'Phiếu đối chiếu (mới)', kind: 'changed' },
          { key: 'ghiChu', label: 'Ghi chú', kind: 'removed' },
          { key: 'ngayDoiChieu', label: 'Ngày đối chiếu', kind: 'added' },
        ],
      },
    ]);
  });
});

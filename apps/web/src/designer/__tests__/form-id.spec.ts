import { formIdFor } from '../form-id';

describe('formIdFor: the id the designer saves a task form under', () => {
  it('keeps the id a task already names, with or without the Camunda 8 prefix', () => {
    expect(formIdFor('chung-thuc-ban-sao-doi-chieu', 'chung-thuc-ban-sao', 'Task_DoiChieu')).toBe('chung-thuc-ban-sao-doi-chieu');
    expect(formIdFor('camunda-forms:bpmn:phieu_1', 'p', 'T')).toBe('phieu_1');
  });

  it('names a new form, or one an earlier editor pinned by hash, after its process and task', () => {
    expect(formIdFor(null, 'chung-thuc-ban-sao', 'Task_DoiChieu')).toBe('chung-thuc-ban-sao-Task_DoiChieu');
    expect(formIdFor(`sha256:${'a'.repeat(64)}`, 'p', 'Task_1')).toBe('p-Task_1');
    // characters a form id cannot hold (an NCName may have other letters) become "-"
    expect(formIdFor('', 'quy-trình', 'Bước_1')).toBe('quy-tr-nh-B--c_1');
  });
});

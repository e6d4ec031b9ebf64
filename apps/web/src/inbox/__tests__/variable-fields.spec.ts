import { changedVariables, FieldError, fieldsFrom, withDecisions } from '../variable-fields';

describe('completion form fields', () => {
  it('sends only what the officer changed or added, typed as the process expects', () => {
    // given the task's variables as fields
    const fields = fieldsFrom({ applicant: 'Nguyễn Văn A', fee: 50000, urgent: false, address: { ward: 'Hiến Nam' } });
    expect(fields.map((f) => f.type)).toEqual(['string', 'number', 'boolean', 'json']);
    // when the fee and the flag change and a note is added
    const edited = fields.map((f) => (f.name === 'fee' ? { ...f, value: '75000,5' } : f.name === 'urgent' ? { ...f, value: true } : f));
    edited.push({ name: 'ghiChu', type: 'string', value: 'đủ', isNew: true });
    // then only those are sent, with numbers as numbers (Vietnamese decimal comma accepted)
    expect(changedVariables(edited)).toEqual({ fee: 75000.5, urgent: true, ghiChu: 'đủ' });
  });

  it('refuses a number field that is not a number and a field name that is not a variable name', () => {
    const [fee] = fieldsFrom({ fee: 1 });
    expect(() => changedVariables([{ ...fee, value: 'một trăm' }])).toThrow(FieldError);
    expect(() => changedVariables([{ name: 'ghi chú', type: 'string', value: 'x', isNew: true }])).toThrow(/invalidName/);
  });

  it('offers the gateway decision as a field, sent even when left unticked', () => {
    const fields = withDecisions(fieldsFrom({ applicant: 'A' }), [{ name: 'approved', type: 'boolean', label: 'Đồng ý?' }]);
    expect(fields[1]).toMatchObject({ name: 'approved', label: 'Đồng ý?', suggested: true, value: false });
    expect(changedVariables(fields)).toEqual({ approved: false });
  });
});

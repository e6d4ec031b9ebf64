import { DocumentsErrorCode, FORM_KINDS, getTemplate, listTemplates, selectTemplate } from '../index';

describe('template registry (numbering by receipt day, Vietnam calendar)', () => {
  it('gives TT 01/2018 numbering to a dossier received on 30/06/2025 and TT 03/2025 from 01/07/2025', () => {
    const before = new Date('2025-06-30T10:05:00+07:00');
    const after = new Date('2025-07-01T08:15:00+07:00');
    expect(FORM_KINDS.map((k) => [k, selectTemplate(k, before).legalBasis, selectTemplate(k, before).number])).toEqual([
      ['receipt', 'TT01/2018', 'Mẫu số 01'],
      ['supplement', 'TT01/2018', 'Mẫu số 02'],
      ['refusal', 'TT01/2018', 'Mẫu số 03'],
      ['apology', 'TT01/2018', 'Mẫu số 04'],
      ['control-sheet', 'TT01/2018', 'Mẫu số 05'],
    ]);
    expect(FORM_KINDS.map((k) => [k, selectTemplate(k, after).legalBasis, selectTemplate(k, after).number])).toEqual([
      ['receipt', 'TT03/2025', 'Mẫu số 01'],
      ['supplement', 'TT03/2025', 'Mẫu số 02'],
      ['refusal', 'TT03/2025', 'Mẫu số 03'],
      ['apology', 'TT03/2025', 'Mẫu số 04'],
      ['control-sheet', 'TT03/2025', 'Mẫu số 06'],
    ]);
    expect(selectTemplate('apology', after).title).toBe('Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết');
    expect(selectTemplate('apology', before).title).toBe('Phiếu xin lỗi và hẹn lại ngày trả kết quả');
  });

  it('decides by the day in Vietnam, not in UTC or the process time zone', () => {
    // 01/07/2025 00:30 in Hà Nội is still 30/06 17:30 UTC
    expect(selectTemplate('receipt', new Date('2025-06-30T17:30:00Z')).legalBasis).toBe('TT03/2025');
    // 30/06/2025 23:59 in Hà Nội
    expect(selectTemplate('receipt', new Date('2025-06-30T16:59:59Z')).legalBasis).toBe('TT01/2018');
  });

  it('finds a template again by the id a dossier stored, and lists every version', () => {
    const t = selectTemplate('control-sheet', new Date('2026-01-05T09:00:00+07:00'));
    expect(t.id).toBe('TT03/2025:control-sheet@1');
    expect(getTemplate(t.id)).toEqual(t);
    expect(listTemplates()).toHaveLength(10);
    expect(new Set(listTemplates().map((x) => x.id)).size).toBe(10);
  });

  it('refuses unknown templates, kinds and dates with typed errors', () => {
    expect(() => getTemplate('TT99/2030:receipt@1')).toThrow(expect.objectContaining({ code: DocumentsErrorCode.TEMPLATE_NOT_FOUND }));
    expect(() => selectTemplate('invoice' as never, new Date())).toThrow(expect.objectContaining({ code: DocumentsErrorCode.TEMPLATE_NOT_FOUND }));
    expect(() => selectTemplate('receipt', new Date('2017-05-01T09:00:00+07:00'))).toThrow(
      expect.objectContaining({ code: DocumentsErrorCode.TEMPLATE_NOT_FOUND, details: expect.objectContaining({ receivedOn: '2017-05-01' }) }),
    );
    expect(() => selectTemplate('receipt', new Date('not a date'))).toThrow(expect.objectContaining({ code: DocumentsErrorCode.INVALID_FORM_DATA }));
  });
});

import { DocumentsError, DocumentsErrorCode, renderForm, selectTemplate } from '../index';
import { pdfText } from './helpers/pdf-tools';
import { AFTER_SWITCH, BEFORE_SWITCH, LOOKUP_URL, SAMPLES, receipt } from './helpers/sample-forms';

async function errorOf(p: Promise<unknown>): Promise<DocumentsError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DocumentsError) return e;
    throw e;
  }
  throw new Error('expected a DocumentsError');
}

describe('bad input gets a clear, typed error', () => {
  it('lists every missing or wrong field of the form data', async () => {
    const data = { ...receipt(AFTER_SWITCH), dossierCode: '  ', applicant: { name: '' }, components: [{ name: 'Tờ khai', form: 'scan', count: 0 }] };
    const e = await errorOf(renderForm('receipt', data as never, { publicLookupUrl: LOOKUP_URL }));
    expect(e.code).toBe(DocumentsErrorCode.INVALID_FORM_DATA);
    const paths = (e.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['dossierCode', 'applicant.name', 'components.0.form', 'components.0.count']));
    expect(e.message).toContain('dossierCode');
  });

  it('refuses an appointment before the receipt and an apology whose new date is not later', async () => {
    const r = receipt(AFTER_SWITCH);
    const e1 = await errorOf(renderForm('receipt', { ...r, appointmentAt: new Date(r.receivedAt.getTime() - 1) }, { publicLookupUrl: LOOKUP_URL }));
    expect((e1.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['appointmentAt']);
    const a = SAMPLES.apology(AFTER_SWITCH);
    const e2 = await errorOf(renderForm('apology', { ...a, newDueAt: a.originalDueAt }, { publicLookupUrl: LOOKUP_URL }));
    expect((e2.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['newDueAt']);
  });

  it('refuses an invalid date, a missing or relative lookup URL, and a supplement without items', async () => {
    const e1 = await errorOf(renderForm('refusal', { ...SAMPLES.refusal(AFTER_SWITCH), issuedAt: new Date('x') }, { publicLookupUrl: LOOKUP_URL }));
    expect(e1.code).toBe(DocumentsErrorCode.INVALID_FORM_DATA);
    for (const url of ['', '/tra-cuu/STP-250630-0007', 'javascript:alert(1)', undefined]) {
      const e = await errorOf(renderForm('refusal', SAMPLES.refusal(AFTER_SWITCH), { publicLookupUrl: url as never }));
      expect(e.code).toBe(DocumentsErrorCode.INVALID_FORM_DATA);
      expect(e.details).toEqual({ issues: [{ path: 'publicLookupUrl', message: expect.any(String) }] });
    }
    const e3 = await errorOf(renderForm('supplement', { ...SAMPLES.supplement(AFTER_SWITCH), items: [] }, { publicLookupUrl: LOOKUP_URL }));
    expect((e3.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['items']);
  });

  it('re-renders with the template a dossier kept, and refuses a template of another kind or an unknown one', async () => {
    const kept = selectTemplate('receipt', BEFORE_SWITCH);
    // same dossier data, rendered later with the stored template id: still TT 01/2018 numbering
    const again = await renderForm('receipt', { ...receipt(AFTER_SWITCH) }, { publicLookupUrl: LOOKUP_URL, template: kept.id });
    expect(again.template).toEqual(kept);
    expect(pdfText(again.pdf)).toContain('Thông tư số 01/2018/TT-VPCP');
    const e1 = await errorOf(renderForm('refusal', SAMPLES.refusal(AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL, template: kept }));
    expect(e1.code).toBe(DocumentsErrorCode.TEMPLATE_KIND_MISMATCH);
    const e2 = await errorOf(renderForm('refusal', SAMPLES.refusal(AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL, template: 'TT01/2018:refusal@9' }));
    expect(e2.code).toBe(DocumentsErrorCode.TEMPLATE_NOT_FOUND);
  });

  it('takes null (a nullable database column) for an optional field as absent', async () => {
    const r = receipt(AFTER_SWITCH);
    const data = { ...r, documentNumber: null, request: null, fees: null, register: null, statutoryDays: null, applicant: { ...r.applicant, phone: null, email: null, address: null } };
    const text = pdfText((await renderForm('receipt', data, { publicLookupUrl: LOOKUP_URL })).pdf);
    expect(text).toContain('Số: ……/……');
    expect(text).toContain('Phí, lệ phí: Không');
    expect(text).toContain('Quyển số: ……, Số thứ tự: ……');
    expect(text).toContain('Số điện thoại: …………… Thư điện tử: ……………');
    expect(text).not.toContain('null');
    expect(text).not.toContain('Nội dung yêu cầu giải quyết');
  });
});

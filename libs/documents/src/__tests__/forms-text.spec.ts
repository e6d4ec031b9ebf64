import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { FORM_KINDS, FormKind, renderForm } from '../index';
import { pdfText, saveSample } from './helpers/pdf-tools';
import { AFTER_SWITCH, BEFORE_SWITCH, LOOKUP_URL, SAMPLES, receipt } from './helpers/sample-forms';

const upper = (s: string) => s.toLocaleUpperCase('vi');

/** What a reader must find on each form (besides header, title, code and applicant). */
const EXPECTED: Record<FormKind, string[]> = {
  receipt: [
    'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
    'Bản sao chứng thực',
    'Phí, lệ phí: Phí cung cấp thông tin lý lịch tư pháp: 200.000 đồng',
    'Quyển số: 03, Số thứ tự: 125',
    'NGƯỜI NỘP HỒ SƠ',
    'NGƯỜI TIẾP NHẬN HỒ SƠ',
    'Trần Đức Thắng',
    '033190001234',
    'nhung.nguyen@example.vn',
    '0912 345 678',
  ],
  supplement: ['Giấy tờ chứng minh nơi thường trú', 'Bản sao có chứng thực, còn thời hạn', 'Lý do: Hồ sơ thiếu giấy tờ chứng minh nơi cư trú hợp lệ', 'NGƯỜI HƯỚNG DẪN'],
  refusal: ['Lý do: Yêu cầu không thuộc thẩm quyền giải quyết của Sở Tư pháp tỉnh Hưng Yên', 'NGƯỜI TIẾP NHẬN HỒ SƠ'],
  apology: ['Kính gửi: Ông/Bà Nguyễn Thị Hồng Nhung', 'Cần xác minh thêm thông tin tại cơ quan Công an tỉnh Thái Bình', 'GIÁM ĐỐC', 'Lê Văn Hùng', 'Nơi nhận:'],
  'control-sheet': ['Phòng Hành chính tư pháp', 'Phạm Thu Hà', 'Đỗ Quang Vinh', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Chờ kết quả xác minh'],
};

describe.each([
  ['30/06/2025 → TT 01/2018', BEFORE_SWITCH, 'Thông tư số 01/2018/TT-VPCP', { 'control-sheet': 'Mẫu số 05' }],
  ['01/07/2025 → TT 03/2025', AFTER_SWITCH, 'Thông tư số 03/2025/TT-VPCP', { 'control-sheet': 'Mẫu số 06' }],
] as const)('forms of a dossier received %s', (_label, receivedAt, circular, numbers) => {
  it.each(FORM_KINDS)('%s: pdftotext shows the Vietnamese text, the form number and the circular', async (kind) => {
    const data = SAMPLES[kind](receivedAt);
    const rendered = await renderForm(kind, data as never, { publicLookupUrl: LOOKUP_URL });
    saveSample(`${rendered.template.legalBasis.replace('/', '-')}-${kind}.pdf`, rendered.pdf);
    const text = pdfText(rendered.pdf);

    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN');
    expect(text).toContain('SỞ TƯ PHÁP');
    expect(text).toContain(`Số: 125/TNHS`);
    expect(text).toContain(upper(rendered.template.title));
    expect(text).toContain((numbers as Record<string, string>)[kind] ?? `Mẫu số 0${FORM_KINDS.indexOf(kind) + 1}`);
    expect(text).toContain(circular);
    expect(text).toContain('Mã hồ sơ: STP-250630-0007');
    expect(text).toContain('Nguyễn Thị Hồng Nhung');
    expect(text).toContain('Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam');
    for (const s of EXPECTED[kind]) expect(text).toContain(s);
  });
});

describe('wording that differs between the circulars', () => {
  it('receipt: the title the brief quotes, the appointment date and the receiving unit of each circular', async () => {
    const old = pdfText((await renderForm('receipt', receipt(BEFORE_SWITCH), { publicLookupUrl: LOOKUP_URL })).pdf);
    expect(old).toContain(upper('Giấy tiếp nhận hồ sơ và hẹn trả kết quả'));
    expect(old).toContain('Mẫu số 01');
    expect(old).toContain('Thời gian trả kết quả giải quyết hồ sơ: 10 giờ 05 phút, ngày 14 tháng 07 năm 2025');
    expect(old).toContain('Hưng Yên, ngày 30 tháng 06 năm 2025');
    expect(old).toContain('Bộ phận Tiếp nhận và Trả kết quả tiếp nhận hồ sơ của: Nguyễn Thị Hồng Nhung');

    const now = pdfText((await renderForm('receipt', receipt(AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL })).pdf);
    expect(now).toContain('Bộ phận Một cửa tiếp nhận hồ sơ của: Nguyễn Thị Hồng Nhung');
    expect(now).toContain('Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 01 tháng 07 năm 2025');
  });

  it('apology: TT 01/2018 sets a new date, TT 03/2025 asks for an extension', async () => {
    const old = pdfText((await renderForm('apology', SAMPLES.apology(BEFORE_SWITCH), { publicLookupUrl: LOOKUP_URL })).pdf);
    expect(old).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(old).toContain('hẹn lại thời gian trả kết quả giải quyết hồ sơ: 10 giờ 05 phút, ngày 21 tháng 07 năm 2025');
    expect(old).toContain('Thời gian hẹn trả kết quả giải quyết hồ sơ: 10 giờ 05 phút, ngày 14 tháng 07 năm 2025');
    const now = pdfText((await renderForm('apology', SAMPLES.apology(AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL })).pdf);
    expect(now).toContain('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
    expect(now).toContain('đồng ý gia hạn thời gian giải quyết hồ sơ đến: 08 giờ 15 phút, ngày 22 tháng 07 năm 2025');
  });
});

describe('dates are written in Vietnam time whatever the process time zone', () => {
  it('a receipt at 23:30 on 30/06/2025 in Hà Nội, rendered by a process in Los Angeles, says 23 giờ 30 phút, ngày 30 tháng 06', () => {
    // Jest cannot change the zone of its own worker: render in a child Node process with TZ set.
    const script = `
      const { renderForm } = require(${JSON.stringify(join(__dirname, '..', 'index.ts'))});
      const { receipt, LOOKUP_URL } = require(${JSON.stringify(join(__dirname, 'helpers', 'sample-forms.ts'))});
      const at = new Date('2025-06-30T23:30:00+07:00');
      renderForm('receipt', receipt(at), { publicLookupUrl: LOOKUP_URL }).then((r) =>
        process.stdout.write(JSON.stringify({ localHour: at.getHours(), basis: r.template.legalBasis, pdf: Buffer.from(r.pdf).toString('base64') })));`;
    const out = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      env: { ...process.env, TZ: 'America/Los_Angeles' },
      encoding: 'utf8',
      maxBuffer: 32 * 1024 * 1024,
    });
    const { localHour, basis, pdf } = JSON.parse(out);
    expect(localHour).toBe(9); // the child really ran in another zone (PDT, UTC-7)
    expect(basis).toBe('TT01/2018');
    const text = pdfText(Buffer.from(pdf, 'base64'));
    expect(text).toContain('Thời gian nhận hồ sơ: 23 giờ 30 phút, ngày 30 tháng 06 năm 2025');
    expect(text).toContain('Hưng Yên, ngày 30 tháng 06 năm 2025');
  });
});

describe('text outside the Vietnamese character set prepared once per process', () => {
  it('a foreign applicant (ñ, ø, ß, €) is written in full and pdftotext reads it back; the same form renders the same bytes', async () => {
    const data = { ...receipt(AFTER_SWITCH), applicant: { ...receipt(AFTER_SWITCH).applicant, name: 'José Muñoz Øresund-Weiß' }, request: 'Lệ phí tương đương 8 € — ½ bộ hồ sơ' };
    const a = await renderForm('receipt', data, { publicLookupUrl: LOOKUP_URL });
    const text = pdfText(a.pdf);
    expect(text).toContain('José Muñoz Øresund-Weiß');
    expect(text).toContain('Lệ phí tương đương 8 € — ½ bộ hồ sơ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    const b = await renderForm('receipt', data, { publicLookupUrl: LOOKUP_URL });
    expect(Buffer.from(b.pdf).equals(Buffer.from(a.pdf))).toBe(true);
  });
});

import { renderForm, ReceiptComponent } from '../index';
import { pageText, pdfInfo, pdfText, saveSample } from './helpers/pdf-tools';
import { AFTER_SWITCH, COMPONENTS, LOOKUP_URL, SAMPLES, controlSheet, receipt } from './helpers/sample-forms';

describe('long content flows onto further pages', () => {
  it('a receipt with 40 components: every component is listed, the table header repeats, the signatures follow the table', async () => {
    const components: ReceiptComponent[] = Array.from({ length: 40 }, (_, i) => ({
      ...COMPONENTS[i % COMPONENTS.length],
      name: `Thành phần số ${i + 1}: ${COMPONENTS[i % COMPONENTS.length].name}${i % 7 === 0 ? ', bản dịch có công chứng sang tiếng Việt kèm bản gốc bằng tiếng nước ngoài đã được hợp pháp hóa lãnh sự' : ''}`,
    }));
    const rendered = await renderForm('receipt', receipt(AFTER_SWITCH, components), { publicLookupUrl: LOOKUP_URL });
    saveSample('receipt-40-components.pdf', rendered.pdf);

    expect(rendered.pageCount).toBeGreaterThanOrEqual(2);
    expect(Number(pdfInfo(rendered.pdf).Pages)).toBe(rendered.pageCount);
    const text = pdfText(rendered.pdf);
    for (let i = 1; i <= 40; i++) expect(text).toContain(`Thành phần số ${i}:`);
    expect(text).toContain('đã được hợp pháp hóa lãnh sự');
    const pages = Array.from({ length: rendered.pageCount }, (_, i) => pageText(rendered.pdf, i + 1));
    pages.forEach((page, i) => {
      expect(page).toContain(`Trang ${i + 1}/${rendered.pageCount}`);
      if (page.includes('Thành phần số')) expect(page).toContain('Tên loại giấy tờ');
    });
    expect(pages.filter((p) => p.includes('Tên loại giấy tờ')).length).toBeGreaterThanOrEqual(2);
    const withLastRow = pages.findIndex((p) => p.includes('Thành phần số 40:'));
    expect(pages.slice(withLastRow).join(' ')).toMatch(/Thành phần số 40:.*Vào Sổ theo dõi hồ sơ.*NGƯỜI TIẾP NHẬN HỒ SƠ/);
    // the signatures never stand alone on a page: the last line of the form comes with them
    expect(pages[rendered.pageCount - 1]).toMatch(/Vào Sổ theo dõi hồ sơ, Quyển số: 03, Số thứ tự: 125 NGƯỜI NỘP HỒ SƠ .*NGƯỜI TIẾP NHẬN HỒ SƠ/);
    expect(rendered.signatureBoxes.map((b) => [b.role, b.page])).toEqual([
      ['submitter', rendered.pageCount - 1],
      ['receiver', rendered.pageCount - 1],
    ]);
  });

  it('a name longer than a page is split between pages without losing a word; unbreakable words wrap inside the cell', async () => {
    const words = Array.from({ length: 700 }, (_, i) => `từ${i + 1}`);
    const components: ReceiptComponent[] = [
      { name: words.join(' '), form: 'original', count: 1 },
      { name: `Mã-tài-liệu-${'X'.repeat(160)}-HẾT`, form: 'copy', count: 3 },
    ];
    const rendered = await renderForm('receipt', receipt(AFTER_SWITCH, components), { publicLookupUrl: LOOKUP_URL });
    saveSample('receipt-long-name.pdf', rendered.pdf);
    expect(rendered.pageCount).toBeGreaterThanOrEqual(2);
    const text = pdfText(rendered.pdf);
    for (const w of words) expect(text).toMatch(new RegExp(`(^|\\s)${w}(\\s|$)`));
    expect(text.replace(/\s+/g, '')).toContain(`Mã-tài-liệu-${'X'.repeat(160)}-HẾT`);
  });

  it('a control sheet with 60 hand-overs keeps every row, numbered, over several pages', async () => {
    const rendered = await renderForm('control-sheet', controlSheet(AFTER_SWITCH, 60), { publicLookupUrl: LOOKUP_URL });
    saveSample('control-sheet-60.pdf', rendered.pdf);
    expect(rendered.pageCount).toBeGreaterThanOrEqual(3);
    const text = pdfText(rendered.pdf);
    expect(text).toContain('60 lần giao, nhận');
    expect(text.match(/Phạm Thu Hà/g)?.length).toBe(30); // receiver of every 4th row + giver of the next
    for (let p = 2; p <= rendered.pageCount; p++) expect(pageText(rendered.pdf, p)).toContain('Người nhận');
  });

  it('an apology with a long "Nơi nhận" list moves the signature block and the list to a page where both fit', async () => {
    const recipients = Array.from({ length: 40 }, (_, i) => `Phòng ban số ${i + 1} của Ủy ban nhân dân tỉnh;`);
    const rendered = await renderForm('apology', { ...SAMPLES.apology(AFTER_SWITCH), recipients }, { publicLookupUrl: LOOKUP_URL });
    expect(rendered.pageCount).toBe(2);
    const last = pageText(rendered.pdf, 2);
    for (const r of recipients) expect(last).toContain(r);
    expect(last).toContain('Trang 2/2');
    expect(rendered.signatureBoxes).toEqual([expect.objectContaining({ field: 'ky-agency-head', page: 1 })]);
  });
});

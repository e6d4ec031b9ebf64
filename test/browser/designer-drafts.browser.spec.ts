/**
 * Issue 12 in a real browser against the real product (headless Chromium, `npm start` stack with
 * the shipped procedures): an analyst opens a shipped procedure as a draft, deletes the sign
 * step (the TTHC lint flags the return step), undoes it, a second analyst opening the same draft
 * is warned, a form is designed and pinned on a task, the draft is published as a new version
 * and the diff shows the change; export/re-import keeps every element and tthc: attribute; files
 * of other modelers open and export without loss; bad files are refused with the diagram kept.
 * Screenshots: test-artifacts/browser-designer-drafts-*.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations } from './accessibility.util';
import { openBrowser } from './browser-session.util';
import { freshDatabase, repoRoot, type Stack, startStack } from '../harness/stack';
import { TestApi } from '../harness/api-client';
import { completeVia, openTask, simplePdf, submitDossier, uploadPdf } from '../harness/dossier-driver';

const artifacts = join(repoRoot, 'test-artifacts');
const interchange = (name: string) => join(__dirname, 'fixtures', 'interchange', name);
const shipped = readFileSync(join(repoRoot, 'processes', 'chung-thuc-ban-sao.bpmn'), 'utf8');
const PROCEDURE = 'Chứng thực bản sao từ bản chính · phiên bản 1';

/**
 * What an export must keep, computed by the browser's own XML parser: the id of every element,
 * every element of a namespace other than BPMN/DI/DC (extension elements of other modelers) with
 * its attributes and text, and every attribute of such a namespace (tthc:, camunda:, bioc:…).
 */
async function fingerprint(page: Page, xml: string): Promise<string[]> {
  return page.evaluate((text) => {
    const CORE = new Set([
      'http://www.omg.org/spec/BPMN/20100524/MODEL',
      'http://www.omg.org/spec/BPMN/20100524/DI',
      'http://www.omg.org/spec/DD/20100524/DC',
      'http://www.omg.org/spec/DD/20100524/DI',
      'http://www.w3.org/2001/XMLSchema-instance',
      'http://www.w3.org/2000/xmlns/',
    ]);
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const out = new Set<string>();
    const owner = (el: Element): string => el.getAttribute('id') ?? (el.parentElement ? owner(el.parentElement) : '');
    for (const el of Array.from(doc.getElementsByTagName('*'))) {
      const id = el.getAttribute('id');
      if (id && CORE.has(el.namespaceURI ?? '')) out.add(`id ${id}`);
      if (!CORE.has(el.namespaceURI ?? '')) {
        const attrs = Array.from(el.attributes)
          .filter((a) => !a.name.startsWith('xmlns'))
          .map((a) => `${a.localName}=${a.value}`)
          .sort()
          .join(' ');
        const own = Array.from(el.childNodes).filter((n) => n.nodeType === 3 || n.nodeType === 4).map((n) => n.textContent?.trim()).join('');
        out.add(`ext ${owner(el.parentElement ?? el)} ${el.namespaceURI}|${el.localName} ${attrs} ${own}`);
      }
      for (const a of Array.from(el.attributes)) {
        if (a.namespaceURI && !CORE.has(a.namespaceURI)) out.add(`attr ${owner(el)} ${a.namespaceURI}|${a.localName}=${a.value}`);
      }
    }
    return [...out].sort();
  }, xml);
}

describe('designer drafts, versions, forms and interchange in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let second: BrowserContext;
  let page2: Page;
  let draftUrl = '';
  const shot = (name: string, p: Page = page) => p.screenshot({ path: join(artifacts, `browser-designer-drafts-${name}.png`), fullPage: true });
  const lint = () => page.getByRole('region', { name: /Kiểm tra quy định TTHC/ });
  const props = () => page.getByRole('region', { name: /Thuộc tính/ });
  const logIn = async (p: Page, username: string, password = 'Demo@123') => {
    await p.goto(`${stack.url}/`);
    await p.getByLabel('Tên đăng nhập').fill(username);
    await p.getByLabel('Mật khẩu').fill(password);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
    await p.getByRole('navigation', { name: 'Điều hướng chính' }).waitFor();
  };
  const download = async (p: Page, button: string) => {
    const [file] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: button, exact: true }).click()]);
    return { name: file.suggestedFilename(), data: readFileSync((await file.path())!) };
  };
  /**
   * selects an element by clicking near its top-right corner (its left part may lie under the palette); an element
   * already selected is left as is — a click on it would deselect it (diagram-js toggles, as every bpmn.io modeler)
   */
  const select = async (id: string) => {
    const shape = page.locator(`.djs-element[data-element-id="${id}"]`).first();
    if (!((await shape.getAttribute('class')) ?? '').split(' ').includes('selected')) {
      const box = (await shape.locator('.djs-hit').first().boundingBox())!;
      await page.mouse.click(box.x + box.width - 8, box.y + 8);
    }
    await props().getByText(id, { exact: true }).waitFor();
  };
  const openFile = async (file: string | { name: string; mimeType: string; buffer: Buffer }) => page.locator('input[type=file]').setInputFiles(file);

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    stack = await startStack({ name: 'browser-designer-drafts', databaseUrl: await freshDatabase('browser_designer_drafts') });
    // a second analyst of the same agency (STP), created by the admin through the API
    const login = await fetch(`${stack.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Demo@123' }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await fetch(`${stack.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ username: 'analyst2', fullName: 'Lê Văn Hai', password: 'Demo@123456', roles: ['analyst'], agency: 'STP' }),
    });
    expect(created.status).toBe(201);
    ({ browser, page } = await openBrowser());
    second = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    page2 = await second.newPage();
    page2.setDefaultTimeout(60_000);
    await logIn(page, 'analyst');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('opens a shipped procedure as a server-side draft', async () => {
    await page.getByRole('link', { name: 'Thiết kế quy trình' }).click();
    await page.getByLabel('Mở quy trình đã triển khai').selectOption({ label: PROCEDURE });
    await page.waitForURL(/#\/designer\/drafts\/[0-9a-f-]{36}$/);
    draftUrl = page.url();
    await page.locator('.djs-element[data-element-id="Task_KySo"]').waitFor();
    await page.getByRole('group', { name: 'Bản nháp' }).getByText('Bản nháp: Chứng thực bản sao từ bản chính').waitFor();
    await lint().getByText('Không phát hiện lỗi theo quy định TTHC.').waitFor();
  });

  it('deleting the sign step raises tthc/sign-before-return on the return step; undo makes it clean again', async () => {
    await select('Task_KySo');
    await page.locator('.djs-context-pad [data-action="delete"]').click();
    await page.locator('.djs-element[data-element-id="Task_KySo"]').waitFor({ state: 'detached' });
    const finding = lint().getByRole('listitem').filter({ hasText: 'tthc/sign-before-return' });
    await finding.first().waitFor();
    expect(await finding.first().textContent()).toContain('Task_TraKetQua');
    await shot('01-sign-deleted');
    // the change is saved on the server by itself
    await page.locator('[data-save-state="saved"]').filter({ hasText: 'Đã lưu tự động' }).waitFor();

    await page.getByRole('button', { name: 'Hoàn tác' }).click();
    await page.locator('.djs-element[data-element-id="Task_KySo"]').waitFor();
    await lint().getByText('tthc/sign-before-return').waitFor({ state: 'detached' });
    await lint().getByText('Không phát hiện lỗi theo quy định TTHC.').waitFor();
    await page.locator('[data-save-state="saved"]').filter({ hasText: 'Đã lưu tự động' }).waitFor();
  });

  it('warns a second analyst who opens the same draft, and the first one too', async () => {
    await logIn(page2, 'analyst2', 'Demo@123456');
    await page2.getByRole('link', { name: 'Thiết kế quy trình' }).click();
    await page2.getByLabel('Mở quy trình đã triển khai').selectOption({ label: PROCEDURE });
    await page2.waitForURL(draftUrl);
    await page2.getByRole('alert').filter({ hasText: 'bản nháp này cũng đang được mở bởi analyst' }).waitFor();
    await shot('02-second-analyst-warned', page2);
    // the first analyst learns it at the next presence refresh (every 30 s)
    await page.getByRole('alert').filter({ hasText: 'bản nháp này cũng đang được mở bởi analyst2' }).waitFor({ timeout: 120_000 });
    // the second analyst leaves: the draft is theirs no more
    await page2.goto(`${stack.url}/#/inbox`);
  });

  it('opens the shipped form of the review task by its id in the form editor, adds a date field with a Vietnamese label, saves it in the draft', async () => {
    await select('Task_DoiChieu');
    expect(await props().getByLabel('Biểu mẫu (formKey)').inputValue()).toBe('chung-thuc-ban-sao-doi-chieu');
    await props().getByRole('button', { name: 'Sửa biểu mẫu…' }).click();
    const dialog = page.getByRole('dialog', { name: /Biểu mẫu: Đối chiếu bản sao/ });
    await dialog.locator('.fjs-editor-container').waitFor();
    // the shipped form (processes/forms/chung-thuc-ban-sao-doi-chieu.form.json), not a new one
    await dialog.getByText('Mã biểu mẫu: chung-thuc-ban-sao-doi-chieu.').waitFor();
    await dialog.locator('.fjs-editor-container').getByText('Họ tên người đối chiếu').first().waitFor();
    // form-js's own chrome speaks Vietnamese (form-editor-i18n.ts): the palette, its search, its entries
    const palette = dialog.locator('.fjs-palette-container');
    await palette.getByText('Thành phần', { exact: true }).first().waitFor();
    expect(await palette.locator('input').first().getAttribute('placeholder')).toBe('Tìm thành phần');
    expect((await palette.locator('.fjs-palette-field[data-field-type="datetime"] .fjs-palette-field-text').textContent())?.trim()).toBe('Ngày giờ');
    expect((await palette.locator('.fjs-palette-field[data-field-type="textfield"] .fjs-palette-field-text').textContent())?.trim()).toBe('Ô văn bản');
    expect(await palette.getByText('Text field', { exact: true }).count()).toBe(0);
    await palette.screenshot({ path: join(artifacts, 'browser-designer-drafts-03a-form-editor-palette.png') });
    // a date field from the palette, by keyboard (Enter on a palette entry adds it at the end of the form)
    await dialog.locator('.fjs-palette-field[data-field-type="datetime"]').focus();
    await page.keyboard.press('Enter');
    const added = dialog.locator('.fjs-editor-container .fjs-form-field-datetime');
    await added.waitFor();
    // selected on the canvas, its properties show (form-js's panel: the key is a text input, the date label a
    // FEEL-templating editor, in the "General" section, opened if closed); the key first, so its input has settled
    // (the panel debounces) while the label is typed and shows up on the canvas
    const panel = dialog.locator('.fjs-properties-container');
    await added.click();
    await panel.locator('[data-entry-id="key"] input').waitFor({ state: 'attached' });
    if ((await panel.locator('[data-group-id="group-general"] .bio-properties-panel-group-header.open').count()) === 0) {
      await panel.locator('[data-group-id="group-general"] .bio-properties-panel-group-header').click();
    }
    // the panel's sections and labels too (form-editor-i18n.ts); the analyst's own words are left as typed
    expect((await panel.locator('[data-group-id="group-general"] .bio-properties-panel-group-header-title').textContent())?.trim()).toBe('Chung');
    expect((await panel.locator('[data-entry-id="key"] label').first().textContent())?.trim()).toBe('Khóa (tên biến)');
    expect((await panel.locator('.bio-properties-panel-header-type').textContent())?.trim()).toBe('Ngày giờ');
    await panel.locator('[data-entry-id="key"] input').fill('ngayDoiChieu');
    await panel.locator('[data-entry-id="date-label"] [contenteditable="true"]').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Ngày đối chiếu');
    await dialog.locator('.fjs-editor-container .fjs-form-field-datetime').getByText('Ngày đối chiếu').waitFor();
    await shot('03-form-editor');
    await dialog.getByRole('button', { name: 'Lưu biểu mẫu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu biểu mẫu “chung-thuc-ban-sao-doi-chieu” trong bản nháp' }).waitFor();
    // the task still names the form by its id: the drawing did not change
    expect(await props().getByLabel('Biểu mẫu (formKey)').inputValue()).toBe('chung-thuc-ban-sao-doi-chieu');
    // the draft serves the edited schema under that id (what the publication pins)
    const stored = await page.evaluate(async (url) => {
      const res = await fetch(`api/v1/procedure-drafts/${url.split('/').pop()}/forms/chung-thuc-ban-sao-doi-chieu`, { headers: { authorization: `Bearer ${sessionStorage.getItem('tthc.token')}` } });
      return { status: res.status, body: await res.json() };
    }, draftUrl);
    expect(stored.status).toBe(200);
    const keys = stored.body.schema.components.map((c: { key?: string }) => c.key).filter(Boolean);
    expect(keys).toEqual(['nguoiDoiChieu', 'loaiGiayTo', 'soTrang', 'ketQuaDoiChieu', 'daKiemTraTinhHopPhap', 'ghiChu', 'ngayDoiChieu']);
    expect(stored.body.schema.components.at(-1)).toMatchObject({ type: 'datetime', subtype: 'date', dateLabel: 'Ngày đối chiếu' });
    // with the UI in English the editor keeps form-js's own words
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('region', { name: /Properties/ }).getByRole('button', { name: 'Edit form…' }).click();
    const english = page.getByRole('dialog', { name: /Form: / });
    const englishPalette = english.locator('.fjs-palette-container');
    await englishPalette.getByText('Components', { exact: true }).first().waitFor();
    expect((await englishPalette.locator('.fjs-palette-field[data-field-type="textfield"] .fjs-palette-field-text').textContent())?.trim()).toBe('Text field');
    await english.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await props().waitFor();
  });

  it('publishes a change as a new version and shows it in the diff', async () => {
    await select('Task_DoiChieu');
    await props().getByLabel('Tên', { exact: true }).fill('Đối chiếu bản sao với bản chính (có ảnh chụp)');
    await props().getByLabel('Tên', { exact: true }).blur();
    await page.getByLabel('Ghi chú phiên bản').fill('Đối chiếu kèm ảnh chụp; biểu mẫu đối chiếu có ngày');
    await page.getByRole('button', { name: 'Công bố phiên bản' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã công bố: Công bố lần 1 (phiên bản chạy 2)' }).waitFor();
    const versions = page.getByRole('region', { name: 'Lịch sử phiên bản' });
    await versions.getByText('Công bố lần 1 (phiên bản chạy 2)').first().waitFor();
    expect(await versions.textContent()).toContain('Đối chiếu kèm ảnh chụp; biểu mẫu đối chiếu có ngày');
    expect(await versions.textContent()).toContain('analyst');

    await versions.getByRole('button', { name: 'So sánh' }).click();
    const diff = page.getByRole('region', { name: /Khác biệt: Phiên bản chạy 1 → Công bố lần 1/ });
    await diff.locator('tr[data-element-id="Task_DoiChieu"][data-change="changed"]').waitFor();
    expect(await diff.locator('tr[data-element-id="Task_DoiChieu"]').textContent()).toContain('(có ảnh chụp)');
    await diff.locator('.djs-element.diff-changed[data-element-id="Task_DoiChieu"]').first().waitFor();
    // the form edited in the draft is pinned outside the XML: the diff lists it by id
    const forms = diff.getByRole('region', { name: 'Biểu mẫu thay đổi' });
    const edited = forms.locator('li[data-form-id="chung-thuc-ban-sao-doi-chieu"][data-change="changed"]');
    await edited.waitFor();
    expect(await forms.locator('li[data-form-id]').count()).toBe(1);
    // with the field the analyst added, and no other
    expect(await edited.locator('li[data-field-key]').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-change')} ${li.textContent}`))).toEqual([
      'added Thêm Ngày đối chiếu ngayDoiChieu',
    ]);
    await shot('04-published-diff');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('a new dossier runs the published version: the officer opens the review task and the edited form renders (the new date field, a Vietnamese date picker) and submits', async () => {
    const portal = await new TestApi(stack.url).login('portal');
    const officer = await new TestApi(stack.url).login('officer');
    const d = await submitDossier(portal, officer, '2.000815', { type: 1, name: 'Trần Thị Bình', idNumber: '001190004321', address: 'Số 5 Lý Thái Tổ, Hoàn Kiếm, Hà Nội' }, 'Chứng thực bản sao văn bằng');
    // receipt and digitising through the API (the dossier spec drives them in the browser)
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_TiepNhan')).id, { ketQuaKiemTra: 'hop-le', returnPlace: 'Bộ phận Một cửa' })).status).toBe(200);
    const received = (await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body as { components: Array<{ id: string; required: boolean }> };
    for (const c of received.components.filter((x) => x.required)) await uploadPdf(officer, d.id, await simplePdf(`scan ${c.id}`), { componentId: c.id }, `scan-${c.id}.pdf`);
    expect((await completeVia(officer, (await openTask(officer, d.instanceId, 'Task_SoHoa')).id)).status).toBe(200);
    await openTask(officer, d.instanceId, 'Task_DoiChieu');

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const clerk = await context.newPage();
    clerk.setDefaultTimeout(60_000);
    await logIn(clerk, 'officer');
    await clerk.goto(`${stack.url}/#/ho-so/${d.id}`);
    const name = 'Đối chiếu bản sao với bản chính (có ảnh chụp)';
    const card = clerk.getByRole('complementary', { name: 'Việc cần làm' }).getByRole('article', { name });
    await card.getByRole('button', { name: 'Nhận việc' }).click();
    await card.getByRole('button', { name: 'Mở biểu mẫu hoàn thành' }).click();
    const dialog = clerk.getByRole('dialog', { name });
    await dialog.getByLabel(/Họ tên người đối chiếu/).fill('Lê Thị Đối Chiếu');
    const kind = dialog.locator('.fjs-form-field-select');
    await dialog.getByLabel(/Loại giấy tờ được chứng thực/).focus();
    // Esc while the option list is open does not close the task form (form-js's plain select list ignores Esc)
    await kind.locator('.fjs-dropdownlist').waitFor();
    await clerk.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.getByLabel(/Họ tên người đối chiếu/).inputValue()).toBe('Lê Thị Đối Chiếu');
    await kind.locator('.fjs-dropdownlist-item').filter({ hasText: 'Văn bằng, chứng chỉ' }).click();
    await kind.locator('.fjs-select-display').filter({ hasText: 'Văn bằng, chứng chỉ' }).waitFor();
    await dialog.getByLabel(/Số trang của bản sao/).fill('1');
    await dialog.getByLabel('Bản sao khớp với bản chính', { exact: true }).check();
    await dialog.getByLabel(/Đã kiểm tra bản chính/).check();
    // the field the analyst added; its calendar speaks Vietnamese and starts the week on Monday
    const date = dialog.getByLabel('Ngày đối chiếu');
    await date.focus();
    const calendar = dialog.locator('.flatpickr-calendar.open');
    await calendar.waitFor();
    expect(await calendar.locator('.flatpickr-weekday').first().textContent()).toContain('T2');
    expect(await calendar.locator('.flatpickr-monthDropdown-month').allTextContents()).toContain('Tháng mười hai');
    expect(await date.getAttribute('placeholder')).toBe('dd/mm/yyyy');
    await clerk.screenshot({ path: join(artifacts, 'browser-designer-drafts-04b-edited-form-in-inbox.png'), fullPage: true });
    await date.fill('15/12/2026');
    await date.press('Enter');
    // Esc closes the calendar only: the task form stays open with what the officer typed
    await date.press('Escape');
    await calendar.waitFor({ state: 'detached' });
    expect(await dialog.getByLabel(/Họ tên người đối chiếu/).inputValue()).toBe('Lê Thị Đối Chiếu');
    expect(await date.inputValue()).toBe('15/12/2026');
    expect(await accessibilityViolations(clerk)).toEqual([]);
    await dialog.getByRole('button', { name: 'Hoàn thành' }).click();
    await clerk.getByRole('status').filter({ hasText: `Đã hoàn thành công việc “${name}”` }).waitFor();
    // the page follows the engine: the done task leaves "Việc cần làm"
    await card.waitFor({ state: 'detached' });
    await clerk.screenshot({ path: join(artifacts, 'browser-designer-drafts-04c-review-done.png'), fullPage: true });
    const done = await officer.until(async () => {
      const res = await officer.call('GET', `/api/v1/tasks?instanceId=${d.instanceId}&state=COMPLETED&limit=50`);
      return res.body.items?.find((t: { elementId: string }) => t.elementId === 'Task_DoiChieu');
    }, 'the completed review task');
    expect(done.variables).toMatchObject({ nguoiDoiChieu: 'Lê Thị Đối Chiếu', loaiGiayTo: 'van-bang', soTrang: 1, ketQuaDoiChieu: 'khop', daKiemTraTinhHopPhap: true, ngayDoiChieu: '2026-12-15' });
    await context.close();
  });

  it('exports (.bpmn, .svg, .png) and re-imports the procedure keeping every element and tthc: attribute', async () => {
    const bpmn = await download(page, 'Lưu thành tệp');
    const exported = bpmn.data.toString('utf8');
    const before = await fingerprint(page, shipped);
    const after = await fingerprint(page, exported);
    // everything of the shipped file is still there and nothing else (the name change is not a tthc: attribute;
    // the edited form kept its id, so the review task's formKey did not change)
    expect(after).toEqual(before);
    const svg = await download(page, 'Xuất SVG');
    expect(svg.name).toMatch(/\.svg$/);
    expect(svg.data.toString('utf8')).toContain('<svg');
    const png = await download(page, 'Xuất PNG');
    expect(png.name).toMatch(/\.png$/);
    expect(png.data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');

    await openFile({ name: 'chung-thuc-xuat.bpmn', mimeType: 'application/xml', buffer: bpmn.data });
    await page.waitForURL(/#\/designer$/);
    for (const id of ['Task_TiepNhan', 'Task_KySo', 'Task_TraKetQua', 'Boundary_QuaHan', 'Catch_BoSung']) await page.locator(`.modeler-canvas .djs-element[data-element-id="${id}"]`).waitFor();
    const again = await download(page, 'Lưu thành tệp');
    expect(await fingerprint(page, again.data.toString('utf8'))).toEqual(after);
  });

  it('opens files of other modelers (file picker and drag and drop) and exports them without loss', async () => {
    for (const [i, name] of ['camunda7-leave-request.bpmn', 'camunda8-invoice.bpmn', 'signavio-complaint.bpmn', 'bizagi-purchase.bpmn', 'bpmnio-order.bpmn'].entries()) {
      const original = readFileSync(interchange(name), 'utf8');
      if (i % 2 === 0) {
        await openFile(interchange(name));
      } else {
        // drag and drop onto the canvas
        const transfer = await page.evaluateHandle(
          ([text, file]) => {
            const dt = new DataTransfer();
            dt.items.add(new File([text], file, { type: 'application/xml' }));
            return dt;
          },
          [original, name],
        );
        await page.dispatchEvent('.drop-zone', 'drop', { dataTransfer: transfer });
      }
      const firstId = /<(?:\w+:)?(?:task|userTask|serviceTask)\b[^>]*\bid="([^"]+)"/.exec(original)![1];
      await page.locator(`.djs-element[data-element-id="${firstId}"]`).waitFor();
      const out = await download(page, 'Lưu thành tệp');
      const kept = await fingerprint(page, out.data.toString('utf8'));
      const source = await fingerprint(page, original);
      // each fixture carries its modeler's extensions (elements or attributes)
      expect(source.some((l) => l.startsWith('ext ') || l.startsWith('attr '))).toBe(true);
      expect({ name, lost: source.filter((l) => !kept.includes(l)) }).toEqual({ name, lost: [] });
      if (name.startsWith('camunda8')) await shot('05-camunda8-opened');
    }
  });

  it('refuses a non-BPMN file, a 20 MB file and an unknown root namespace with a clear message, keeping the diagram', async () => {
    const kept = page.locator('.djs-element[data-element-id="StartEvent_1"]');
    await kept.waitFor();
    await openFile({ name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('đây không phải XML') });
    await page.getByRole('alert').filter({ hasText: 'Tệp không phải XML hợp lệ. Sơ đồ đang mở được giữ nguyên.' }).waitFor();
    await kept.waitFor();
    await openFile({ name: 'lon.bpmn', mimeType: 'application/xml', buffer: Buffer.alloc(20 * 1024 * 1024, 0x20) });
    await page.getByRole('alert').filter({ hasText: 'Tệp quá lớn (20,0 MB; tối đa 10,0 MB).' }).waitFor();
    await kept.waitFor();
    await openFile(interchange('unknown-root-namespace.bpmn'));
    await page.getByRole('alert').filter({ hasText: 'không phải sơ đồ BPMN 2.0 (phần tử gốc <definitions> thuộc không gian tên http://example.org/not-bpmn/2.0)' }).waitFor();
    await kept.waitFor();
    await shot('06-bad-file-refused');
  });

  it('drops a one-stop building block in pre-configured, and starts a new procedure from the catalog', async () => {
    await page.getByRole('button', { name: 'Quy trình mới từ danh mục…' }).click();
    const wizard = page.getByRole('dialog', { name: 'Quy trình mới từ danh mục TTHC' });
    await wizard.getByLabel('Thủ tục').selectOption({ index: 1 });
    await wizard.getByRole('button', { name: 'Tạo bản nháp' }).click();
    await page.waitForURL(/#\/designer\/drafts\/[0-9a-f-]{36}$/);
    await page.locator('.djs-element[data-element-id="Boundary_TruocHan"]').waitFor();
    await lint().getByText('Không phát hiện lỗi theo quy định TTHC.').waitFor();
    // the "notify" block from the palette, dropped on the canvas
    const entry = page.locator('.djs-palette [data-action="tthc-block-notify"]');
    const box = (await page.locator('.modeler-canvas').boundingBox())!;
    await entry.click();
    await page.mouse.move(box.x + box.width - 200, box.y + box.height - 80);
    await page.mouse.click(box.x + box.width - 200, box.y + box.height - 80);
    await props().getByText('ServiceTask').waitFor();
    expect(await props().getByLabel('Tên', { exact: true }).inputValue()).toBe('Thông báo cho người nộp');
    expect(await props().getByLabel(/Bước TTHC/).inputValue()).toBe('notify');
    await shot('07-wizard-and-block');
  });
});

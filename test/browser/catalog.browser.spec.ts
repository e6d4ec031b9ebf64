/**
 * Issue 12 item 1 in a real browser: the procedure catalog page `#/thu-tuc` lists the five
 * shipped procedures, filters them, shows one with its components, fees, results, legal
 * basis and deployed versions; an analyst of the owning agency changes its status; an
 * unknown code shows the error state. Real product (scripts/start.mjs), headless Chromium, axe.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freshDatabase, repoRoot, type Stack, startStack } from '../harness/stack';
import { accessibilityViolations } from './accessibility.util';
import { logIn, openBrowser } from './browser-session.util';

const artifacts = join(repoRoot, 'test-artifacts');

describe('procedure catalog page in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `browser-catalog-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    stack = await startStack({ name: 'browser-catalog', databaseUrl: await freshDatabase('browser_catalog') });
    ({ browser, page } = await openBrowser());
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('lists the shipped procedures for an officer and filters them', async () => {
    await logIn(page, stack.url, 'officer');
    await page.getByRole('link', { name: 'Thủ tục', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Danh mục thủ tục hành chính' }).waitFor();
    const rows = page.locator('tbody tr[data-procedure-code]');
    await rows.nth(4).waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-procedure-code')))).toEqual(['1.001193', '1.001612', '1.009994', '2.000488', '2.000815']);
    const khaiSinh = page.getByRole('row').filter({ hasText: '1.001193' });
    expect(await khaiSinh.textContent()).toMatch(/Đăng ký khai sinh.*Hộ tịch.*UBPHN.*Toàn trình.*1 ngày làm việc.*Đang áp dụng/);
    await shot('01-list');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Tìm theo mã, tên, lĩnh vực').fill('lý lịch');
    await page.locator('tbody tr[data-procedure-code="2.000488"]').waitFor();
    expect(await rows.count()).toBe(1);
    await page.getByLabel('Tìm theo mã, tên, lĩnh vực').fill('không có thủ tục này');
    await page.getByText('Không có thủ tục nào khớp với bộ lọc.').waitFor();
    await page.getByLabel('Tìm theo mã, tên, lĩnh vực').fill('');
    await page.getByLabel('Cơ quan thực hiện').selectOption('UBPHN');
    await page.locator('tbody tr[data-procedure-code="1.001612"]').waitFor();
    expect(await rows.count()).toBe(2);
  });

  it('shows one procedure with components, fees, results, legal basis and its deployed version', async () => {
    await page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Đăng ký khai sinh' }).waitFor();
    const components = page.getByRole('region', { name: 'Thành phần hồ sơ' });
    expect(await components.getByRole('row').filter({ hasText: 'Giấy chứng sinh' }).textContent()).toMatch(/Bản chính.*1.*Bắt buộc/);
    expect(await components.getByRole('row').filter({ hasText: 'Giấy chứng nhận kết hôn' }).textContent()).toContain('Nếu có');
    expect(await page.getByRole('region', { name: 'Phí, lệ phí' }).textContent()).toContain('Lệ phí đăng ký khai sinh đúng hạn: Miễn');
    expect(await page.getByRole('region', { name: 'Kết quả thực hiện' }).textContent()).toContain('Giấy khai sinh');
    expect(await page.getByRole('region', { name: 'Căn cứ pháp lý' }).textContent()).toContain('Luật Hộ tịch số 60/2014/QH13');
    expect(await page.getByRole('region', { name: 'Các phiên bản quy trình đã triển khai' }).getByRole('link', { name: 'v1' }).count()).toBe(1);
    expect(await page.getByText('Nhận sau 15:00 tính từ ngày làm việc tiếp theo').count()).toBe(1);
    // an officer reads the catalog, only analysts of the agency change it
    expect(await page.getByRole('form', { name: 'Đổi trạng thái thủ tục' }).count()).toBe(0);
    await shot('02-khai-sinh');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('lets an analyst of the owning agency retire and republish a procedure', async () => {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await logIn(page, stack.url, 'analyst');
    await page.goto(`${stack.url}/#/thu-tuc/2.000488`);
    await page.getByRole('heading', { level: 1, name: /Cấp Phiếu lý lịch tư pháp/ }).waitFor();
    const form = page.getByRole('form', { name: 'Đổi trạng thái thủ tục' });
    await form.getByLabel('Đổi trạng thái thủ tục').selectOption('retired');
    await form.getByRole('button', { name: 'Lưu trạng thái' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu trạng thái thủ tục.' }).waitFor();
    await page.locator('.page-head .badge').filter({ hasText: 'Ngừng áp dụng' }).waitFor();
    await shot('03-retired');
    await form.getByLabel('Đổi trạng thái thủ tục').selectOption('published');
    await form.getByRole('button', { name: 'Lưu trạng thái' }).click();
    await page.locator('.page-head .badge').filter({ hasText: 'Đang áp dụng' }).waitFor();
    // an SXD procedure: the STP analyst reads it but cannot change it
    await page.goto(`${stack.url}/#/thu-tuc/1.009994`);
    await page.getByRole('heading', { level: 1, name: /Cấp giấy phép xây dựng/ }).waitFor();
    expect(await page.getByRole('form', { name: 'Đổi trạng thái thủ tục' }).count()).toBe(0);
  });

  it('shows the error state for an unknown code', async () => {
    await page.goto(`${stack.url}/#/thu-tuc/9.999999`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/\S/);
    await shot('04-not-found');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

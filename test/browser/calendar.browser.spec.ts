/**
 * Issue #4 UI: an admin sees a year of the Vietnamese working calendar at a glance
 * (holidays, make-up days, worked Saturdays), then adds an override with its legal
 * reference, previews its effect, saves it and removes it again. Real product, real browser.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freshDatabase, repoRoot, type Stack, startStack } from '../harness/stack';
import { accessibilityViolations } from './accessibility.util';
import { logIn, openBrowser } from './browser-session.util';

const artifacts = join(repoRoot, 'test-artifacts');

describe('working calendar page in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `browser-calendar-${name}.png`), fullPage: true });
  const day = (date: string) => page.locator(`td[data-date="${date}"]`);

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    stack = await startStack({ name: 'browser-calendar', databaseUrl: await freshDatabase('browser_calendar') });
    ({ browser, page } = await openBrowser());
    await logIn(page, stack.url, 'admin');
    await page.getByRole('link', { name: 'Lịch làm việc' }).click();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows 2025 with Tết, the worked Saturday 26/4 and the day off 2/5', async () => {
    const heading = page.getByRole('heading', { level: 1 });
    await heading.filter({ hasText: /Lịch làm việc năm \d{4}/ }).waitFor();
    for (let i = 0; i < 200 && !(await heading.textContent())?.includes('2025'); i++) {
      const shown = Number((await heading.textContent())?.match(/\d{4}/)?.[0]);
      await page.getByRole('button', { name: shown > 2025 ? /Năm trước/ : /Năm sau/ }).click();
      await heading.filter({ hasText: String(shown > 2025 ? shown - 1 : shown + 1) }).waitFor();
    }
    await day('2025-01-29').and(page.locator('[data-kind="holiday"]')).waitFor();
    expect(await day('2025-04-26').getAttribute('data-kind')).toBe('swap-workday');
    expect(['holiday', 'swap-off', 'make-up']).toContain(await day('2025-05-02').getAttribute('data-kind'));
    expect(await day('2025-04-07').getAttribute('data-kind')).toBe('holiday');
    expect(await day('2025-06-10').getAttribute('data-kind')).toBe('workday');
    await shot('01-year-2025');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('adds an override with its legal reference after a preview, then removes it', async () => {
    const form = page.getByRole('form', { name: 'Thêm điều chỉnh ngày' });
    await form.getByLabel('Ngày', { exact: true }).fill('2025-06-10');
    await form.getByLabel('Loại ngày').selectOption('swap-off');
    await form.getByLabel('Lý do').fill('Nghỉ hoán đổi thử nghiệm');
    await form.getByLabel(/Căn cứ pháp lý/).fill('Công văn số 01/TN ngày 01/06/2025');
    await form.getByRole('button', { name: 'Xem trước ảnh hưởng' }).click();
    await form.getByRole('status').filter({ hasText: 'Nếu lưu:' }).waitFor();
    await form.getByRole('button', { name: 'Lưu điều chỉnh' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu điều chỉnh ngày 2025-06-10' }).waitFor();
    await day('2025-06-10').and(page.locator('[data-kind="swap-off"]')).waitFor();
    const row = page.getByRole('row').filter({ hasText: '10/06/2025' });
    expect(await row.textContent()).toContain('Công văn số 01/TN ngày 01/06/2025');
    await shot('02-override');
    await row.getByRole('button', { name: 'Bỏ điều chỉnh' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã bỏ điều chỉnh ngày 2025-06-10' }).waitFor();
    await day('2025-06-10').and(page.locator('[data-kind="workday"]')).waitFor();
  });

  it('shows the calendar changes in the hash-chained audit log, and the chain verifies', async () => {
    await page.getByRole('link', { name: 'Nhật ký kiểm toán' }).click();
    await page.getByRole('heading', { name: 'Nhật ký kiểm toán' }).waitFor();
    await page.getByLabel('Lọc theo đối tượng').selectOption('calendar-day');
    const rows = page.getByRole('row').filter({ hasText: '2025-06-10' });
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(2); // added, then removed
    expect(await rows.first().textContent()).toContain('admin');
    await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }).click();
    await page.getByRole('status').filter({ hasText: 'Chuỗi nhật ký toàn vẹn' }).waitFor();
    await shot('03-audit');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

/**
 * Issue 10 UI: an officer finds an online dossier among the one-stop dossiers of the
 * agency, opens it (components, national progress, forms), and anybody holding a dossier
 * code (the QR code of a receipt) reaches the public lookup page without logging in.
 * Real product (npm start's stack), real browser.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TestApi } from '../harness/api-client';
import { freshDatabase, repoRoot, type Stack, startStack } from '../harness/stack';
import { accessibilityViolations } from './accessibility.util';
import { logIn, openBrowser } from './browser-session.util';

const artifacts = join(repoRoot, 'test-artifacts');

describe('one-stop dossiers in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `browser-dossiers-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    stack = await startStack({ name: 'browser-dossiers', basePort: 3200, databaseUrl: await freshDatabase('browser_dossiers') });
    const portal = await new TestApi(stack.url).login('portal');
    const submitted = await portal.call('POST', '/api/v1/dossiers', {
      procedureCode: '2.000815',
      applicant: { type: 1, name: 'Trần Thị Hoa', idNumber: '033190004567', address: 'Văn Giang, Hưng Yên' },
      summary: 'Chứng thực bản sao học bạ',
    });
    expect(submitted.status).toBe(201);
    ({ browser, page } = await openBrowser({ locale: 'vi-VN' }));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('lists the online dossier for an officer of the agency and opens it', async () => {
    await logIn(page, stack.url, 'officer');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Hồ sơ một cửa' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ một cửa', level: 1 }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Trần Thị Hoa' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Mới đăng ký');
    await shot('01-list');
    await row.getByRole('link', { name: 'Chưa tiếp nhận' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ Chưa tiếp nhận' }).waitFor();
    const component = page.getByRole('row').filter({ hasText: 'Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao' });
    expect(await component.textContent()).toContain('Chưa có');
    await page.getByRole('cell', { name: 'Nộp hồ sơ trực tuyến' }).waitFor();
    expect(await page.getByText('Trực tuyến', { exact: true }).count()).toBe(1);
    await shot('02-dossier');
    expect(await accessibilityViolations(page)).toEqual([]);
    // the control sheet starts at receipt: a clear message, not a broken PDF
    await page.getByRole('button', { name: 'Phiếu kiểm soát quá trình giải quyết' }).click();
    await page.getByRole('alert').filter({ hasText: 'Biểu mẫu này chưa được lập cho hồ sơ.' }).waitFor();
  });

  it('opens the public lookup page from the QR code URL without logging in', async () => {
    const anonymous = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    try {
      // what a phone opens from the QR code: the API route, redirected to the web page for a browser
      await anonymous.goto(`${stack.url}/api/v1/public/dossiers/STP.MOTCUA-261202-9999`);
      await anonymous.getByRole('heading', { name: 'Tra cứu hồ sơ' }).waitFor();
      expect(anonymous.url()).toContain('#/tra-cuu/STP.MOTCUA-261202-9999');
      await anonymous.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ.' }).waitFor();
      await anonymous.screenshot({ path: join(artifacts, 'browser-dossiers-03-public-lookup.png'), fullPage: true });
    } finally {
      await anonymous.close();
    }
  });
});

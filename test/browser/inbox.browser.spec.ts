/**
 * Issue #2 "Done when": in headless Chromium an officer logs in, sees the task of a dossier
 * in the inbox, claims and completes it, and sees the instance completed. The whole product
 * runs for real (scripts/start.mjs: Temporal dev server, API, worker, built web app);
 * screenshots of every step go to test-artifacts/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TestApi } from '../harness/api-client';
import { accessibilityViolations } from './accessibility.util';
import { openBrowser } from './browser-session.util';
import { freshDatabase, repoRoot, type Stack, startStack } from '../harness/stack';

const artifacts = join(repoRoot, 'test-artifacts');
const BUSINESS_KEY = 'STP-BROWSER-0001';
const INCIDENT_KEY = 'STP-BROWSER-0002';
const DUE_KEY = 'STP-BROWSER-0003';

describe('web app in a real browser: the officer works a task to the end', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let instanceId: string;
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `browser-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    stack = await startStack({ name: 'browser', databaseUrl: await freshDatabase('browser') });
    // the product deploys processes/ at start; an analyst starts one dossier of the demo process
    const analyst = await new TestApi(stack.url).login('analyst');
    const started = await analyst.call('POST', '/api/v1/process-instances', {
      processKey: 'demo-approval',
      businessKey: BUSINESS_KEY,
      variables: { applicant: 'Nguyễn Văn A' },
    });
    expect(started.status).toBe(201);
    instanceId = started.body.id;
    // a second dossier whose automatic step fails until the officer confirms the connection
    const xml = readFileSync(join(__dirname, 'fixtures', 'incident-retry.bpmn'), 'utf8');
    const deployed = await analyst.call('POST', '/api/v1/deployments', xml, { 'content-type': 'application/xml' });
    expect(deployed.status).toBe(201);
    const failing = await analyst.call('POST', '/api/v1/process-instances', { processKey: 'browser-incident', businessKey: INCIDENT_KEY });
    expect(failing.status).toBe(201);
    // and a dossier of a TTHC procedure whose receipt task is due within 8 working hours
    const timed = await analyst.call('POST', '/api/v1/process-instances', { processKey: 'chung-thuc-ban-sao', businessKey: DUE_KEY });
    expect(timed.status).toBe(201);
    ({ browser, page } = await openBrowser({ locale: 'vi-VN' }));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the Vietnamese login page and refuses a wrong password', async () => {
    await page.goto(`${stack.url}/`);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await page.getByLabel('Tên đăng nhập').fill('officer');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng' }).waitFor();
    await shot('01-login-refused');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('logs in as an officer and finds the dossier task in the group inbox', async () => {
    await page.getByLabel('Mật khẩu').fill('Demo@123');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Công việc của tôi' }).waitFor();
    expect(await page.title()).toBe('Công việc của tôi — TTHC Flow');
    await page.getByRole('tab', { name: 'Của nhóm tôi' }).click();
    const row = page.getByRole('row').filter({ hasText: BUSINESS_KEY });
    // the inbox row is written by the worker shortly after the start: refresh until it shows
    for (let i = 0; i < 60 && (await row.count()) === 0; i++) {
      await page.getByRole('button', { name: 'Làm mới' }).click();
      await page.waitForTimeout(500);
    }
    await row.waitFor();
    expect(await row.textContent()).toContain('Xem xét hồ sơ');
    // the receipt task shows its due date in Vietnam time, not overdue
    const timed = page.getByRole('row').filter({ hasText: DUE_KEY });
    for (let i = 0; i < 60 && (await timed.count()) === 0; i++) {
      await page.getByRole('button', { name: 'Làm mới' }).click();
      await page.waitForTimeout(500);
    }
    const due = timed.locator('time');
    const dueAt = new Date((await due.getAttribute('datetime'))!);
    expect(dueAt.getTime()).toBeGreaterThan(Date.now());
    const vn = new Date(dueAt.getTime() + 7 * 3600_000); // Asia/Ho_Chi_Minh has no DST
    const two = (n: number) => String(n).padStart(2, '0');
    expect(await due.textContent()).toBe(
      `${two(vn.getUTCDate())}/${two(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()} ${two(vn.getUTCHours())}:${two(vn.getUTCMinutes())}`,
    );
    expect(await timed.textContent()).not.toContain('Quá hạn');
    await shot('02-inbox-group');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('claims the task and completes it with the decision as a labelled field', async () => {
    const row = page.getByRole('row').filter({ hasText: BUSINESS_KEY });
    await row.getByRole('button', { name: /Nhận việc/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Xem xét hồ sơ' });
    await dialog.waitFor();
    expect(await dialog.getByLabel(/Applicant/).inputValue()).toBe('Nguyễn Văn A');
    // the gateway after the task ("Đồng ý?", approved = true) is offered as a labelled checkbox
    await dialog.getByRole('checkbox', { name: /Đồng ý\?/ }).check();
    // and the officer can add a field of their own
    await dialog.getByLabel('Tên trường').fill('ghiChu');
    await dialog.getByRole('button', { name: 'Thêm', exact: true }).click();
    await dialog.getByRole('textbox', { name: /ghiChu/i }).fill('Hồ sơ đầy đủ, hợp lệ');
    await shot('03-complete-form');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Hoàn thành' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã hoàn thành công việc “Xem xét hồ sơ”' }).waitFor();
    await page.getByRole('tab', { name: 'Được giao cho tôi' }).click();
    // the inbox is a projection written by the worker: refresh until the completed task has left it
    const empty = page.getByText('Bạn chưa có công việc nào');
    for (let i = 0; i < 60 && !(await empty.isVisible()); i++) {
      await page.getByRole('button', { name: 'Làm mới' }).click();
      await page.waitForTimeout(500);
    }
    await empty.waitFor();
    await shot('04-inbox-after');
  });

  it('sees the instance completed, with its history and the completed path on the diagram', async () => {
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên quy trình', exact: true }).click();
    await page.getByRole('link', { name: BUSINESS_KEY }).click();
    await page.getByRole('heading', { name: `Hồ sơ ${BUSINESS_KEY}` }).waitFor();
    expect(await page.title()).toBe(`Hồ sơ ${BUSINESS_KEY} — TTHC Flow`);
    await page.getByTestId('instance-state').filter({ hasText: 'Đã hoàn thành' }).waitFor({ timeout: 60_000 });
    const history = page.getByRole('region', { name: 'Lịch sử xử lý' });
    const reviewed = history.getByRole('row').filter({ hasText: 'Xem xét hồ sơ' });
    expect(await reviewed.textContent()).toContain('officer');
    await history.getByRole('row').filter({ hasText: 'Đã phê duyệt' }).waitFor();
    const data = page.getByRole('region', { name: 'Thông tin hồ sơ' });
    expect(await data.textContent()).toContain('Hồ sơ đầy đủ, hợp lệ');
    const diagram = page.getByRole('group', { name: 'Sơ đồ quy trình' });
    await page.locator('.djs-element.marker-completed[data-element-id="Task_Review"]').waitFor();
    expect(await diagram.getAttribute('data-completed')).toContain('EndEvent_Approved');
    // the branch not taken stays unmarked
    expect(await page.locator('.djs-element.marker-completed[data-element-id="EndEvent_Rejected"]').count()).toBe(0);
    expect(await page.locator('.djs-element.marker-taken[data-element-id="Flow_Gateway_Approved_Task_Finalise"]').count()).toBe(1);
    expect(page.url()).toContain(encodeURIComponent(instanceId));
    await shot('05-instance-completed');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows an incident on a failed automatic step and completes the dossier after a retry with corrected data', async () => {
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên quy trình', exact: true }).click();
    await page.getByRole('link', { name: INCIDENT_KEY }).click();
    const incidents = page.getByRole('region', { name: /Sự cố cần xử lý/ });
    await incidents.waitFor({ timeout: 60_000 });
    expect(await incidents.textContent()).toContain('Không kết nối được Cổng dịch vụ công quốc gia');
    await page.locator('.djs-element.marker-problem[data-element-id="Task_DongBo"]').waitFor();
    await shot('07-incident');
    await incidents.getByRole('button', { name: 'Thử lại' }).click();
    await incidents.getByLabel('Tên trường').fill('daKiemTraKetNoi');
    await incidents.getByLabel('Kiểu dữ liệu').selectOption('boolean');
    await incidents.getByRole('button', { name: 'Thêm', exact: true }).click();
    await incidents.getByRole('checkbox', { name: /daKiemTraKetNoi/ }).check();
    await incidents.getByRole('button', { name: 'Thử lại' }).click();
    await page.getByTestId('instance-state').filter({ hasText: 'Đã hoàn thành' }).waitFor({ timeout: 60_000 });
    await page.locator('.djs-element.marker-completed[data-element-id="EndEvent_1"]').waitFor();
    await shot('08-incident-retried');
  });

  it('sends the officer back to the login page when the session is no longer valid', async () => {
    await page.evaluate(() => sessionStorage.setItem('tthc.token', 'het-han'));
    await page.getByRole('link', { name: 'Công việc' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Phiên làm việc đã hết hạn' }).waitFor();
    await shot('06-session-expired');
  });
});

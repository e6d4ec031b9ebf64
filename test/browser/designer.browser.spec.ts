/**
 * The designer in a real browser against the real product: an analyst opens a BPMN file,
 * sees the live TTHC lint, is refused at deploy with the offending elements marked, fixes
 * the element in the properties panel, and deploys a valid process. Also: the UI language
 * switch is remembered. Screenshots go to test-artifacts/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations } from './accessibility.util';
import { logIn, openBrowser } from './browser-session.util';
import { freshDatabase, repoRoot, type Stack, startStack } from '../harness/stack';

const artifacts = join(repoRoot, 'test-artifacts');
const fixture = (name: string) => join(__dirname, 'fixtures', name);

describe('designer in a real browser: lint, refused deploy, fix, deploy', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `browser-designer-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    stack = await startStack({ name: 'browser-designer', databaseUrl: await freshDatabase('browser_designer') });
    ({ browser, page } = await openBrowser());
    await logIn(page, stack.url, 'analyst');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('switches the UI to English and remembers it after a reload', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Process designer' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Process designer' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('link', { name: 'Thiết kế quy trình' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
  });

  it('shows the live TTHC lint for an opened file, in Vietnamese', async () => {
    await page.getByRole('link', { name: 'Thiết kế quy trình' }).click();
    await page.locator('input[type=file]').setInputFiles(fixture('tthc-missing-owner.bpmn'));
    await page.locator('.djs-element[data-element-id="Task_ThamDinh"]').waitFor();
    const lint = page.getByRole('region', { name: /Kiểm tra quy định TTHC/ });
    await lint.getByText('tthc/task-has-owner').waitFor();
    expect(await lint.textContent()).toMatch(/Task_ThamDinh/);
    await shot('01-lint');
  });

  it('keeps the finding and its marker on a task dragged elsewhere (a move is not re-linted)', async () => {
    const task = page.locator('.djs-element[data-element-id="Task_ThamDinh"]');
    const before = (await task.boundingBox())!;
    await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
    await page.mouse.down();
    await page.mouse.move(before.x + before.width / 2 + 40, before.y + before.height / 2 + 60, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction((y) => {
      const box = document.querySelector('.djs-element[data-element-id="Task_ThamDinh"]')?.getBoundingClientRect();
      return !!box && box.y > y + 30;
    }, before.y);
    const lint = page.getByRole('region', { name: /Kiểm tra quy định TTHC/ });
    expect(await lint.getByRole('listitem').filter({ hasText: 'tthc/task-has-owner' }).textContent()).toContain('Task_ThamDinh');
    // bpmn-js-bpmnlint's marker on the canvas moved with the task
    const marker = (await page.locator('.djs-overlays[data-container-id="Task_ThamDinh"] .bjsl-overlay').boundingBox())!;
    const after = (await task.boundingBox())!;
    expect(marker.y).toBeGreaterThan(before.y + 30);
    expect(Math.abs(marker.y - after.y)).toBeLessThan(after.height);
  });

  it('refuses the deploy and marks the offending element, with the reason per element', async () => {
    await page.getByRole('button', { name: 'Triển khai', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Sơ đồ quy trình chưa hợp lệ' }).waitFor();
    const problems = page.getByRole('region', { name: /Lỗi cần sửa/ });
    await problems.getByRole('button', { name: 'Task_ThamDinh' }).waitFor();
    await page.locator('.djs-element.marker-problem[data-element-id="Task_ThamDinh"]').waitFor();
    expect(await problems.textContent()).toContain('chưa có người/nhóm xử lý');
    await shot('02-refused');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('fixes the element in the properties panel, and the lint finding goes away', async () => {
    const problems = page.getByRole('region', { name: /Lỗi cần sửa/ });
    await problems.getByRole('button', { name: 'Task_ThamDinh' }).click();
    const props = page.getByRole('region', { name: /Thuộc tính/ });
    await props.getByText('Task_ThamDinh').waitFor();
    await props.getByLabel(/Nhóm xử lý/).fill('MOTCUA');
    await props.getByLabel(/Nhóm xử lý/).blur();
    const lint = page.getByRole('region', { name: /Kiểm tra quy định TTHC/ });
    await lint.getByText('tthc/task-has-owner').waitFor({ state: 'detached' });
    await page.getByText('Sơ đồ có thay đổi chưa lưu hoặc chưa triển khai.').waitFor();
    await shot('03-fixed');
  });

  it('deploys a valid process and lists it among the deployed ones', async () => {
    await page.locator('input[type=file]').setInputFiles(fixture('plain-valid.bpmn'));
    await page.locator('.djs-element[data-element-id="Task_ThamDinh"]').waitFor();
    await page.getByRole('button', { name: 'Triển khai', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã triển khai: browser-plain v1' }).waitFor();
    // the list of deployed processes refreshes after the deploy
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('option')).some((o) => o.textContent?.includes('Quy trình thử nghiệm')),
    );
    const options = await page.getByLabel('Mở quy trình đã triển khai').locator('option').allTextContents();
    expect(options.join('\n')).toContain('Phê duyệt hồ sơ (mẫu)');
    await shot('04-deployed');
  });

  it('starts a dossier of the new process and sees its task active on the diagram', async () => {
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên quy trình', exact: true }).click();
    await page.getByRole('button', { name: 'Khởi tạo hồ sơ' }).click();
    const dialog = page.getByRole('dialog', { name: 'Khởi tạo hồ sơ mới' });
    await dialog.getByLabel('Quy trình').selectOption({ label: 'Quy trình thử nghiệm · v1' });
    await dialog.getByLabel(/Mã hồ sơ/).fill('STP-DESIGNER-0001');
    await dialog.getByLabel('Tên trường').fill('hoTen');
    await dialog.getByRole('button', { name: 'Thêm', exact: true }).click();
    await dialog.getByRole('textbox', { name: /hoTen/ }).fill('Trần Thị Bình');
    await dialog.getByRole('button', { name: 'Khởi tạo', exact: true }).click();
    await page.getByRole('heading', { name: 'Hồ sơ STP-DESIGNER-0001' }).waitFor();
    await page.getByTestId('instance-state').filter({ hasText: 'Đang xử lý' }).waitFor();
    await page.locator('.djs-element.marker-active[data-element-id="Task_ThamDinh"]').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('region', { name: 'Thông tin hồ sơ' }).textContent()).toContain('Trần Thị Bình');
    await shot('05-started');
  });

  it('draws a new diagram, names its process key and saves it as a file', async () => {
    await page.getByRole('link', { name: 'Thiết kế quy trình' }).click();
    await page.getByRole('button', { name: 'Sơ đồ mới' }).click();
    const key = page.getByLabel('Mã quy trình (khóa triển khai)');
    expect(await key.inputValue()).toBe('quy-trinh-moi');
    await key.fill('1 sai');
    await page.getByText('Mã chỉ gồm chữ không dấu').waitFor();
    await key.fill('thu-tuc-moi');
    await key.blur();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Lưu thành tệp' }).click()]);
    expect(download.suggestedFilename()).toBe('thu-tuc-moi.bpmn');
    const xml = readFileSync((await download.path())!, 'utf8');
    expect(xml).toContain('<bpmn:process id="thu-tuc-moi"');
    expect(xml).toContain('bpmnElement="thu-tuc-moi"');
    await shot('06-new-diagram');
  });

  it('writes a gateway condition and a working-time timer in the properties panel', async () => {
    await page.getByRole('link', { name: 'Thiết kế quy trình' }).click();
    await page.locator('input[type=file]').setInputFiles(fixture('designer-expressions.bpmn'));
    await page.locator('.djs-element[data-element-id="Gw"]').waitFor();
    const props = page.getByRole('region', { name: /Thuộc tính/ });
    // a connection's <g> has no box of its own: click its hit line
    await page.locator('.djs-element[data-element-id="F3"] .djs-hit').click({ force: true });
    await props.getByLabel(/Điều kiện rẽ nhánh/).fill('approved = true');
    await props.getByLabel(/Điều kiện rẽ nhánh/).blur();
    await page.locator('.djs-element[data-element-id="Timer_Late"]').click({ position: { x: 18, y: 30 } });
    await props.getByLabel(/Thời hạn của bộ hẹn giờ/).fill('P3D');
    await props.getByLabel(/Thời hạn của bộ hẹn giờ/).blur();
    await props.getByLabel('Tính theo giờ làm việc (lịch làm việc Việt Nam)').check();
    await shot('07-expressions');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Lưu thành tệp' }).click()]);
    const xml = readFileSync((await download.path())!, 'utf8');
    expect(xml).toMatch(/<bpmn:sequenceFlow id="F3"[^>]*>\s*<bpmn:conditionExpression[^>]*>approved = true<\/bpmn:conditionExpression>/);
    expect(xml).toMatch(/<bpmn:timerEventDefinition id="TimerDef_1" tthc:calendar="working">\s*<bpmn:timeDuration[^>]*>P3D<\/bpmn:timeDuration>/);
  });
});

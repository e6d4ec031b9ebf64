/**
 * Issue #11: the officer's workspace in a real browser on the real stack. An online dossier
 * of a shipped procedure (processes/chung-thuc-ban-sao.bpmn) is submitted by the portal and
 * worked from the inbox to the return: the inbox row shows the dossier, the dossier page
 * shows everything about it, and the step panels beside it receive (component checklist),
 * digitise (one scan uploaded, one document reused from the applicant's earlier dossier),
 * sign (one result with the server-held key, one with the officer's USB token — SoftHSM2 —
 * through `tthc sign-agent`) and return. Every page is screenshot into test-artifacts/ and
 * checked with axe-core.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import type { DossierView } from '@tthc/contracts';
import { TestApi } from '../harness/api-client';
import { accessibilityViolations } from './accessibility.util';
import { logIn, openBrowser } from './browser-session.util';
import { freePort, freshDatabase, repoRoot, type Stack, startStack } from '../harness/stack';

const artifacts = join(repoRoot, 'test-artifacts');
const ID_NUMBER = '001099012345';
const PAIRING_CODE = 'BROWSER-TEST-PAIRING';
const TOKEN_PIN = '135790';
const TTHC = join(repoRoot, 'apps/cli/bin/tthc.js');

/**
 * The officer's USB token for the test: a SoftHSM2 token in a temp dir with a key generated
 * on it and a TEST certificate in the officer's name from the stack's dev PKI
 * (`tthc pki dev-token`), and `tthc sign-agent` in front of it for the stack's web origin.
 */
async function startTokenAgent(pkiDir: string, port: number, origin: string): Promise<ChildProcess> {
  const module = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so'].find((p) => existsSync(p));
  if (!module) throw new Error('SoftHSM2 is not installed (Debian package softhsm2): run `node scripts/test-setup.mjs`');
  const dir = mkdtempSync(join(tmpdir(), 'tthc-usb-token-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const init = spawnSync('softhsm2-util', ['--init-token', '--free', '--label', 'usb-token', '--pin', TOKEN_PIN, '--so-pin', '24681357'], { env, encoding: 'utf8' });
  const slot = /reassigned to slot (\d+)/.exec(`${init.stdout}${init.stderr}`)?.[1];
  if (!slot) throw new Error(`softhsm2-util failed: ${init.stdout}${init.stderr}`);
  const token = spawnSync(process.execPath, [TTHC, 'pki', 'dev-token', '--pki', pkiDir, '--pkcs11-module', module, '--slot', slot, '--pin', TOKEN_PIN, '--key-label', 'can-bo', '--name', 'Nguyễn Thị Cán Bộ', '--agency', 'Sở Tư pháp (thử nghiệm)'], { env, cwd: repoRoot, encoding: 'utf8' });
  if (token.status !== 0) throw new Error(`tthc pki dev-token failed: ${token.stdout}${token.stderr}`);
  const child = spawn(process.execPath, [TTHC, 'sign-agent', '--pkcs11-module', module, '--port', String(port), '--origin', origin, '--pairing-code', PAIRING_CODE, '--json'], {
    cwd: repoRoot,
    env: { ...env, TTHC_PIN: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    createInterface({ input: child.stdout! }).once('line', () => ok());
    child.once('exit', (code) => fail(new Error(`tthc sign-agent exited with ${code}`)));
  });
  return child;
}

async function pdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 60, y: 760, size: 16, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

describe('officer workspace in a real browser: a dossier from the inbox to the return', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let portal: TestApi;
  let officer: TestApi;
  let dossier: DossierView;
  let earlier: DossierView;
  let scan: Buffer;
  let earlierScan: Buffer;
  let agent: ChildProcess | undefined;
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `browser-dossier-${name}.png`), fullPage: true });
  const aside = () => page.getByRole('complementary', { name: 'Việc cần làm' });
  /** the projections (task rows) follow the engine by a moment: wait for the task card of this step */
  const taskCard = (name: string) => aside().getByRole('article', { name });

  async function submit(name: string): Promise<DossierView> {
    const res = await portal.call('POST', '/api/v1/dossiers', {
      procedureCode: '2.000815',
      applicant: { type: 1, name, idNumber: ID_NUMBER, address: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội', phone: '0912345678' },
      summary: 'Chứng thực bản sao giấy khai sinh',
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function claimInAside(name: string) {
    const card = taskCard(name);
    // the worker writes the next task's row shortly after the completion: refresh until it shows
    for (let i = 0; i < 60 && (await card.count()) === 0; i++) {
      await page.getByRole('button', { name: 'Làm mới' }).click();
      await page.waitForTimeout(500);
    }
    await card.getByRole('button', { name: 'Nhận việc' }).click();
    await card.getByRole('button', { name: 'Trả lại' }).waitFor();
    return card;
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    stack = await startStack({ name: 'browser-dossier', databaseUrl: await freshDatabase('browser_dossier') });
    portal = await new TestApi(stack.url).login('portal');
    officer = await new TestApi(stack.url).login('officer');
    // an earlier dossier of the same applicant (same ID number) whose original was digitised:
    // the officer may reuse it instead of scanning it again
    earlier = await submit('Nguyễn Văn An');
    const form = new FormData();
    form.set('componentId', earlier.components!.find((c) => c.componentKey === 'ban-chinh')!.id);
    earlierScan = await pdf('Giay khai sinh - ban chinh (ho so truoc)');
    form.set('file', new Blob([new Uint8Array(earlierScan)], { type: 'application/pdf' }), 'giay-khai-sinh.pdf');
    const up = await fetch(`${stack.url}/api/v1/dossiers/${earlier.id}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer.token}` },
      body: form,
    });
    expect(up.status).toBe(201);
    dossier = await submit('Nguyễn Văn An');
    scan = await pdf('Ban sao giay khai sinh');
    ({ browser, page } = await openBrowser({ locale: 'vi-VN' }));
  });

  afterAll(async () => {
    agent?.kill('SIGTERM');
    await browser?.close();
    await stack?.stop();
  });

  it('shows the dossier in the inbox: procedure, applicant, national status, due in working time, counts per view', async () => {
    await logIn(page, stack.url, 'officer');
    await page.getByRole('heading', { name: 'Công việc của tôi' }).waitFor();
    await page.getByRole('tab', { name: /Của nhóm tôi/ }).click();
    const rows = page.getByRole('row').filter({ hasText: 'Tiếp nhận, kiểm tra yêu cầu chứng thực' });
    for (let i = 0; i < 60 && (await rows.count()) < 2; i++) {
      await page.getByRole('button', { name: 'Làm mới' }).click();
      await page.waitForTimeout(500);
    }
    expect(await rows.count()).toBe(2);
    const row = rows.first();
    const text = (await row.textContent())!;
    expect(text).toContain('Chứng thực bản sao từ bản chính');
    expect(text).toContain('Nguyễn Văn An');
    expect(text).toContain('Mới đăng ký');
    expect(text).toContain('Tiếp nhận'); // the step
    // PT8H of working time from now: "còn … làm việc", never overdue
    expect(text).toMatch(/còn (\d+ ngày )?(\d+ giờ )?(\d+ phút )?làm việc/);
    expect(text).not.toContain('quá hạn');
    // counts per view: the two receipts in my units, none overdue
    expect(await page.getByRole('tab', { name: /Của nhóm tôi/ }).textContent()).toContain('2');
    expect(await page.getByRole('tab', { name: /Quá hạn/ }).textContent()).toContain('0');
    await shot('01-inbox');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('filters the inbox by applicant and by procedure', async () => {
    await page.getByLabel('Người nộp (tên hoặc số giấy tờ)').fill('Trần Thị');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('Nhóm của bạn hiện không có công việc nào.').waitFor();
    // the counts are a request of their own: wait for them rather than reading the tab at once
    await page.getByRole('tab', { name: /Của nhóm tôi/ }).locator('.tab-count').filter({ hasText: /^0$/ }).waitFor();
    await page.getByLabel('Người nộp (tên hoặc số giấy tờ)').fill(ID_NUMBER);
    await page.getByLabel('Thủ tục').selectOption('2.000815');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'Nguyễn Văn An' }).first().waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Nguyễn Văn An' }).count()).toBe(2);
    await shot('02-inbox-filtered');
  });

  it('claims the receipt task from the inbox and lands on the dossier page with the receive panel', async () => {
    const row = page.locator(`tr:has(a[href="#/ho-so/${dossier.id}"])`);
    await row.getByRole('button', { name: /Nhận việc/ }).click();
    await page.getByRole('heading', { name: 'Hồ sơ chưa được tiếp nhận' }).waitFor();
    expect(page.url()).toContain(`#/ho-so/${dossier.id}`);
    await page.getByTestId('dossier-status').filter({ hasText: 'Mới đăng ký' }).waitFor();
    const applicant = page.getByRole('region', { name: 'Người nộp hồ sơ' });
    expect(await applicant.textContent()).toContain(ID_NUMBER);
    expect(await page.getByRole('region', { name: 'Thủ tục' }).textContent()).toContain('Trực tuyến');
    const components = page.getByRole('region', { name: 'Thành phần hồ sơ' });
    expect(await components.getByRole('row').count()).toBe(4); // header + 3 components
    expect(await components.textContent()).toContain('Chưa số hóa');
    // the forms are not issued yet; the status history has the submission
    const forms = page.getByRole('region', { name: 'Phiếu, biểu mẫu' });
    expect(await forms.getByText('Chưa phát hành').count()).toBe(5);
    expect(await page.getByRole('region', { name: 'Quá trình xử lý' }).textContent()).toContain('Mới đăng ký');
    // the diagram marks the receipt task as the dossier's position
    await page.locator('.djs-element.marker-active[data-element-id="Task_TiepNhan"]').waitFor();
    const card = taskCard('Tiếp nhận, kiểm tra yêu cầu chứng thực');
    await card.getByRole('checkbox', { name: /Bản chính giấy tờ/ }).check();
    await card.getByRole('checkbox', { name: /Bản sao cần chứng thực/ }).check();
    // the ways out are the process's own (gateway "Kết quả kiểm tra?")
    expect(await card.getByRole('radio').count()).toBe(3);
    await card.getByRole('radio', { name: 'Cần bổ sung' }).check();
    await card.getByRole('button', { name: 'Xác nhận kết quả kiểm tra' }).click();
    // a supplement needs the reason (Mẫu 02): said next to the action, nothing sent
    await card.getByRole('alert').filter({ hasText: 'Hãy nêu ít nhất một giấy tờ cần bổ sung.' }).waitFor();
    await shot('03-dossier-receive');
    expect(await accessibilityViolations(page)).toEqual([]);
    await card.getByRole('radio', { name: 'Hợp lệ' }).check();
    await card.getByRole('button', { name: 'Xác nhận kết quả kiểm tra' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã hoàn thành công việc “Tiếp nhận, kiểm tra yêu cầu chứng thực”' }).waitFor();
    // the engine's receive step issued the code and the receipt (Mẫu 01): status 2
    const heading = page.getByRole('heading', { name: /^Hồ sơ STP\.MOTCUA-\d{6}-\d{4}$/ });
    for (let i = 0; i < 60 && (await heading.count()) === 0; i++) {
      await page.getByRole('button', { name: 'Làm mới' }).click();
      await page.waitForTimeout(500);
    }
    await page.getByTestId('dossier-status').filter({ hasText: 'Được tiếp nhận' }).waitFor();
    await forms.getByRole('button', { name: /Xem, in.*Mẫu 01/ }).click();
    await page.locator('iframe.viewer-frame').waitFor();
    await page.getByRole('region', { name: /^Xem Giấy tiếp nhận/ }).getByRole('button', { name: 'Đóng' }).click();
  });

  it('digitises: uploads a scan for one component and reuses the applicant’s earlier document for the other', async () => {
    const card = await claimInAside('Số hóa bản chính, bản sao');
    // nothing digitised yet: the engine refuses, said next to the action in Vietnamese; the task stays open
    await card.getByRole('button', { name: 'Hoàn thành số hóa' }).click();
    const refusal = card.locator('.refusal[data-code="DOSSIER_COMPONENT_MISSING"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Hệ thống chưa cho hoàn thành bước này');
    await shot('04a-digitise-refused');
    expect(await card.getByRole('button', { name: 'Hoàn thành số hóa' }).isEnabled()).toBe(true);
    const copy = card.locator('li[data-component="ban-sao"]');
    await copy.locator('input[type=file]').setInputFiles({ name: 'ban-sao.pdf', mimeType: 'application/pdf', buffer: scan });
    await copy.getByText('Đã số hóa').waitFor();
    const original = card.locator('li[data-component="ban-chinh"]');
    await original.getByLabel(/Giấy tờ đã có dùng cho/).selectOption({ label: 'giay-khai-sinh.pdf — ' + earlier.id.slice(0, 8) });
    await original.getByRole('button', { name: /Dùng lại/ }).click();
    await original.getByText('Dùng lại giấy tờ đã có').waitFor();
    // the dossier's component table shows the scan with its SHA-256 and opens it inline
    const components = page.getByRole('region', { name: 'Thành phần hồ sơ' });
    const sha = createHash('sha256').update(scan).digest('hex');
    await components.locator('tr[data-component="ban-sao"]').getByText('ban-sao.pdf').waitFor();
    expect((await components.locator('tr[data-component="ban-sao"] .sha256').textContent())!.replace(/\s/g, '')).toBe(sha);
    const reused = components.locator('tr[data-component="ban-chinh"]');
    expect(await reused.textContent()).toContain('Dùng lại giấy tờ đã có');
    // the reused document is the earlier dossier's scan, shown with its own fingerprint
    await reused.getByText('giay-khai-sinh.pdf').waitFor();
    expect((await reused.locator('.sha256').textContent())!.replace(/\s/g, '')).toBe(createHash('sha256').update(earlierScan).digest('hex'));
    await components.getByRole('button', { name: 'ban-sao.pdf' }).click();
    await page.locator('iframe.viewer-frame[title="ban-sao.pdf"]').waitFor();
    await shot('04-dossier-digitise');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('region', { name: 'Xem ban-sao.pdf' }).getByRole('button', { name: 'Đóng' }).click();
    await card.getByRole('button', { name: 'Hoàn thành số hóa' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã hoàn thành công việc “Số hóa bản chính, bản sao”' }).waitFor();
  });

  // --- task forms (form-js, i11ws): the review step of the shipped procedure has tthc:formKey="chung-thuc-ban-sao-doi-chieu"
  //     (processes/forms/chung-thuc-ban-sao-doi-chieu.form.json); the register step "chung-thuc-ban-sao-ghi-so"
  it('fills the form-js form of the review step: required fields refused in Vietnamese, then text, select, number, radio, checkbox', async () => {
    const name = 'Đối chiếu bản sao với bản chính';
    const card = await claimInAside(name);
    await card.getByRole('button', { name: 'Mở biểu mẫu hoàn thành' }).click();
    const dialog = page.getByRole('dialog', { name });
    await dialog.getByLabel(/Họ tên người đối chiếu/).waitFor();
    // nothing filled: refused in the browser, every required field says so in Vietnamese, nothing is sent
    await dialog.getByRole('button', { name: 'Hoàn thành' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Biểu mẫu còn trường chưa điền hoặc chưa hợp lệ' }).waitFor();
    expect(await dialog.getByText('Trường này là bắt buộc.').count()).toBe(5);
    await shot('05f-form-required');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByLabel(/Họ tên người đối chiếu/).fill('Lê Thị Đối Chiếu');
    // form-js's select is a dropdown over a hidden input, not a native <select>: opened and
    // chosen with the keyboard (focus opens it, the first option is focused, Enter picks it)
    const kind = dialog.locator('.fjs-form-field-select');
    expect(await kind.locator('.fjs-select-display').textContent()).toBe('Chọn…');
    await dialog.getByLabel(/Loại giấy tờ được chứng thực/).focus();
    await kind.locator('.fjs-dropdownlist-item.focused').filter({ hasText: 'Giấy khai sinh' }).waitFor();
    // the list is drawn before form-js listens for its keys: its DropdownList adds the keydown listener in a
    // preact effect, which runs in a task after the next frame — wait for that frame and task, or Enter is lost
    // (it was, once, on a loaded CI machine)
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    await page.keyboard.press('Enter');
    await kind.locator('.fjs-select-display').filter({ hasText: 'Giấy khai sinh' }).waitFor();
    await dialog.getByLabel(/Số trang của bản sao/).fill('0');
    await dialog.getByLabel(/Số trang của bản sao/).blur();
    await dialog.getByText('Giá trị nhỏ nhất là 1.').waitFor();
    await dialog.getByLabel(/Số trang của bản sao/).fill('2');
    await dialog.getByText('Giá trị nhỏ nhất là 1.').waitFor({ state: 'detached' });
    await dialog.getByLabel('Bản sao khớp với bản chính', { exact: true }).check();
    await dialog.getByLabel(/Đã kiểm tra bản chính/).check();
    await dialog.getByLabel(/Ghi chú/).fill('Bản sao khớp với bản chính, 2 trang');
    expect(await dialog.getByText('Trường này là bắt buộc.').count()).toBe(0);
    // the "fix the marked fields" message went away with the corrections
    expect(await dialog.getByRole('alert').filter({ hasText: 'Biểu mẫu còn trường chưa điền hoặc chưa hợp lệ' }).count()).toBe(0);
    await shot('05g-form-filled');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Hoàn thành' }).click();
    await page.getByRole('status').filter({ hasText: `Đã hoàn thành công việc “${name}”` }).waitFor();
    // the form's data are the task's variables
    const done = await officer.until(async () => {
      const res = await officer.call('GET', `/api/v1/tasks?instanceId=${dossier.instanceId}&state=COMPLETED&limit=50`);
      return res.body.items?.find((t: { elementId: string }) => t.elementId === 'Task_DoiChieu');
    }, 'the completed review task');
    expect(done.variables).toMatchObject({
      nguoiDoiChieu: 'Lê Thị Đối Chiếu',
      loaiGiayTo: 'giay-khai-sinh',
      soTrang: 2,
      ketQuaDoiChieu: 'khop',
      daKiemTraTinhHopPhap: true,
      ghiChu: 'Bản sao khớp với bản chính, 2 trang',
    });
  });
  // --- end of the task form block

  it('works the specialised unit’s steps through the completion form', async () => {
    for (const name of ['Người có thẩm quyền chứng thực phê duyệt']) {
      const card = await claimInAside(name);
      await card.getByRole('button', { name: 'Mở biểu mẫu hoàn thành' }).click();
      const dialog = page.getByRole('dialog', { name });
      await dialog.getByRole('button', { name: 'Hoàn thành' }).click();
      await page.getByRole('status').filter({ hasText: `Đã hoàn thành công việc “${name}”` }).waitFor();
    }
    // the register step has its own form (processes/forms/chung-thuc-ban-sao-ghi-so.form.json): filled by keyboard only
    const name = 'Ghi số chứng thực vào sổ điện tử';
    const card = await claimInAside(name);
    await card.getByRole('button', { name: 'Mở biểu mẫu hoàn thành' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name });
    await dialog.getByLabel(/Số chứng thực/).waitFor();
    await dialog.getByLabel(/Số chứng thực/).focus();
    await page.keyboard.type('125');
    await page.keyboard.press('Tab');
    await page.keyboard.type('01/2026-SCT/BS');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2');
    await shot('05h-form-keyboard');
    await dialog.getByRole('button', { name: 'Hoàn thành' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: `Đã hoàn thành công việc “${name}”` }).waitFor();
    const done = await officer.until(async () => {
      const res = await officer.call('GET', `/api/v1/tasks?instanceId=${dossier.instanceId}&state=COMPLETED&limit=50`);
      return res.body.items?.find((t: { elementId: string }) => t.elementId === 'Task_GhiSo');
    }, 'the completed register task');
    expect(done.variables).toMatchObject({ soChungThuc: '125', quyenSo: '01/2026-SCT/BS', soTrang: 2 });
  });

  it('signs one result with the server-held key and one with the officer’s USB token through tthc sign-agent, then returns them', async () => {
    const card = await claimInAside('Ký số bản sao điện tử');
    await card.getByText('Hồ sơ chưa có văn bản kết quả nào.').waitFor();
    await card.locator('input[type=file]').setInputFiles({ name: 'ban-sao-dien-tu.pdf', mimeType: 'application/pdf', buffer: await pdf('Ban sao dien tu') });
    const result = card.getByRole('listitem').filter({ hasText: 'ban-sao-dien-tu.pdf' });
    await result.getByText('Chưa ký số').waitFor();
    // not signed yet: the engine refuses to complete the signing step
    await card.getByRole('button', { name: 'Hoàn thành ký số' }).click();
    await card.locator('.refusal').waitFor();
    await shot('05a-sign-refused');
    await result.getByRole('button', { name: /Ký số/ }).click();
    await result.getByText('Đã ký số (1)').waitFor();
    await shot('05-dossier-sign');
    expect(await accessibilityViolations(page)).toEqual([]);
    // a second result, signed with the officer's own USB token (SoftHSM2) through `tthc sign-agent`
    await card.locator('input[type=file]').setInputFiles({ name: 'ban-sao-dien-tu-token.pdf', mimeType: 'application/pdf', buffer: await pdf('Ban sao dien tu (USB token)') });
    const tokenResult = card.getByRole('listitem').filter({ hasText: 'ban-sao-dien-tu-token.pdf' });
    await tokenResult.getByText('Chưa ký số').waitFor();
    const tokenBox = card.getByRole('group', { name: 'Ký bằng USB token' });
    const agentPort = await freePort();
    await tokenBox.getByLabel('Địa chỉ phần mềm ký số').fill(`http://127.0.0.1:${agentPort}`);
    await tokenBox.getByLabel('Mã ghép nối').fill(PAIRING_CODE);
    // the agent is not running yet: the officer is told what to start
    await tokenBox.getByRole('button', { name: 'Kết nối USB token' }).click();
    await card.getByRole('alert').filter({ hasText: 'Không kết nối được phần mềm ký số' }).waitFor();
    // the officer's token: a key generated ON a SoftHSM2 token, certified by the stack's (TEST) agency CA
    agent = await startTokenAgent(join(stack.dataDir, 'pki'), agentPort, new URL(stack.url).origin);
    await tokenBox.getByRole('button', { name: 'Kết nối USB token' }).click();
    await tokenBox.getByLabel('Chứng thư số').locator('option', { hasText: 'Nguyễn Thị Cán Bộ' }).waitFor({ state: 'attached' });
    await tokenBox.getByLabel('Mã PIN của USB token').fill('000000');
    await tokenResult.getByRole('button', { name: /Ký bằng USB token/ }).click();
    await card.getByRole('alert').filter({ hasText: 'Mã PIN của USB token không đúng' }).waitFor();
    await shot('05b-sign-token-wrong-pin');
    await tokenBox.getByLabel('Mã PIN của USB token').fill(TOKEN_PIN);
    await tokenResult.getByRole('button', { name: /Ký bằng USB token/ }).click();
    await tokenResult.getByText('Đã ký số (1)').waitFor();
    await shot('05c-sign-token');
    expect(await accessibilityViolations(page)).toEqual([]);
    // the token-signed version verifies on the server, signed by the officer
    const docs = await officer.call('GET', `/api/v1/dossiers/${dossier.id}/documents`);
    const signedByToken = (docs.body.items ?? docs.body).find((d: { name: string; isCurrent: boolean }) => d.name === 'ban-sao-dien-tu-token.pdf' && d.isCurrent);
    const report = await officer.call('GET', `/api/v1/documents/${signedByToken.id}/signatures`);
    expect(report.body).toMatchObject({ valid: true, signatures: [{ signer: 'Nguyễn Thị Cán Bộ', trusted: true }] });
    await card.getByRole('button', { name: 'Hoàn thành ký số' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã hoàn thành công việc “Ký số bản sao điện tử”' }).waitFor();

    const ret = await claimInAside('Trả kết quả chứng thực');
    await ret.getByRole('listitem').filter({ hasText: 'ban-sao-dien-tu.pdf' }).getByText('Đã ký số (1)').waitFor();
    await ret.getByRole('listitem').filter({ hasText: 'ban-sao-dien-tu-token.pdf' }).getByText('Đã ký số (1)').waitFor();
    expect(await ret.getByText(/chưa có chữ ký số hợp lệ/).count()).toBe(0);
    await ret.getByRole('button', { name: 'Xác nhận đã trả kết quả' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã hoàn thành công việc “Trả kết quả chứng thực”' }).waitFor();
    await aside().getByText('Hồ sơ không có việc nào đang chờ bạn hoặc đơn vị của bạn.').waitFor();
    await page.locator('.djs-element.marker-completed[data-element-id="End_DaTra"]').waitFor();
    await page.getByTestId('dossier-status').filter({ hasText: 'Đã trả kết quả' }).waitFor();
    expect(await page.getByRole('region', { name: 'Quá trình xử lý' }).textContent()).toContain('Đã xử lý xong');
    // the result is listed with its signature on the dossier page
    const documents = page.getByRole('region', { name: 'Kết quả và tài liệu khác' });
    expect(await documents.textContent()).toContain('Đã ký số (1)');
    await shot('06-dossier-returned');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('lists the dossiers with filters and opens one', async () => {
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Hồ sơ', exact: true }).click();
    await page.getByRole('heading', { name: 'Hồ sơ thủ tục hành chính' }).waitFor();
    await page.getByLabel('Số giấy tờ của người nộp').fill(ID_NUMBER);
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.locator(`tr[data-dossier-id="${dossier.id}"]`).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(2);
    await page.getByLabel('Số giấy tờ của người nộp').fill('000000000000');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByText('Không có hồ sơ nào phù hợp.').waitFor();
    await page.getByLabel('Số giấy tờ của người nộp').fill(ID_NUMBER);
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.locator(`tr[data-dossier-id="${earlier.id}"]`).waitFor();
    await shot('07-dossiers');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator(`tr[data-dossier-id="${earlier.id}"] a`).click();
    await page.getByRole('heading', { name: 'Hồ sơ chưa được tiếp nhận' }).waitFor();
  });

  it('records a dossier at the counter: the ID number fills in the known applicant, scans go to their components', async () => {
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Tiếp nhận tại quầy' }).click();
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor();
    await page.getByRole('button', { name: 'Lưu hồ sơ' }).click();
    await page.getByRole('alert').filter({ hasText: 'Hãy chọn thủ tục.' }).waitFor();
    await page.getByRole('combobox', { name: /^Thủ tục/ }).selectOption('2.000815');
    await page.getByLabel('Số giấy tờ', { exact: true }).fill(ID_NUMBER);
    await page.getByRole('button', { name: 'Tra cứu theo số giấy tờ' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã điền thông tin từ 2 hồ sơ trước' }).waitFor();
    expect(await page.getByLabel('Họ tên / tổ chức').inputValue()).toBe('Nguyễn Văn An');
    expect(await page.getByLabel('Địa chỉ').inputValue()).toContain('Tràng Tiền');
    await page.getByLabel('Bản quét: Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao').setInputFiles({ name: 'ban-chinh-quay.pdf', mimeType: 'application/pdf', buffer: await pdf('Ban chinh (quay)') });
    await shot('09-counter');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Lưu hồ sơ' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ chưa được tiếp nhận' }).waitFor();
    expect(await page.getByRole('region', { name: 'Thủ tục' }).textContent()).toContain('Trực tiếp');
    const components = page.getByRole('region', { name: 'Thành phần hồ sơ' });
    await components.locator('tr[data-component="ban-chinh"]').getByText('ban-chinh-quay.pdf').waitFor();
    expect(await components.locator('tr[data-component="ban-chinh"]').textContent()).toContain('Đã số hóa');
    // its receipt task is offered to the receiving unit, beside the dossier
    const receive = await claimInAside('Tiếp nhận, kiểm tra yêu cầu chứng thực');
    await shot('10-counter-dossier');
    // the copy is missing: ask for a supplement, the unticked required component is listed for Mẫu 02
    await receive.getByRole('checkbox', { name: /Bản chính giấy tờ/ }).check();
    await receive.getByRole('radio', { name: 'Cần bổ sung' }).check();
    expect(await receive.locator('.missing-list').textContent()).toContain('Bản sao cần chứng thực');
    await receive.getByLabel('Lý do yêu cầu bổ sung').fill('Thiếu bản sao cần chứng thực');
    await receive.getByRole('button', { name: 'Xác nhận kết quả kiểm tra' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã hoàn thành công việc “Tiếp nhận, kiểm tra yêu cầu chứng thực”' }).waitFor();
    // the supplement notice is pre-filled with what was written at receipt
    const notice = await claimInAside('Lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ');
    expect(await notice.getByLabel('Giấy tờ cần bổ sung (mỗi dòng một mục)').inputValue()).toBe('Bản sao cần chứng thực');
    expect(await notice.getByLabel('Lý do yêu cầu bổ sung').inputValue()).toBe('Thiếu bản sao cần chứng thực');
    await notice.getByRole('button', { name: 'Lập phiếu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã hoàn thành công việc “Lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ”' }).waitFor();
    // the dossier now waits for the applicant's resubmission
    const waiting = page.locator('.djs-element.marker-active[data-element-id="Catch_BoSung"]');
    for (let i = 0; i < 60 && (await waiting.count()) === 0; i++) {
      await page.getByRole('button', { name: 'Làm mới' }).click();
      await page.waitForTimeout(500);
    }
    await waiting.waitFor();
    await shot('11-counter-supplement');
  });

  it('shows the audit details as readable key/value lines, not one character wide', async () => {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await logIn(page, stack.url, 'auditor');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhật ký kiểm toán' }).click();
    const cell = page.locator('.audit-table td.details-cell').filter({ hasText: 'instanceId' }).first();
    await cell.waitFor();
    const box = (await cell.boundingBox())!;
    expect(box.width).toBeGreaterThan(200);
    await shot('12-audit');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  // --- saved filters and reassignment (i11ws)
  async function logInAs(username: string) {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await logIn(page, stack.url, username);
    await page.getByRole('heading', { name: 'Công việc của tôi' }).waitFor();
  }
  const savedFilters = () => page.getByRole('group', { name: 'Bộ lọc đã lưu' }).getByLabel('Bộ lọc đã lưu');

  it('saves an inbox filter shared with the unit: a colleague of the unit sees and applies it, an officer of another agency does not', async () => {
    await logInAs('officer');
    await page.getByLabel('Thủ tục').selectOption('2.000815');
    await page.getByLabel('Trạng thái hồ sơ').selectOption({ label: 'Mới đăng ký' });
    await page.getByLabel('Hạn xử lý từ ngày').fill('2026-01-01');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByLabel('Tên bộ lọc').fill('Chứng thực mới đăng ký');
    await page.getByLabel('Chia sẻ với').selectOption({ label: 'Đơn vị MOTCUA' });
    await page.getByRole('button', { name: 'Lưu bộ lọc hiện tại' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu bộ lọc “Chứng thực mới đăng ký”.' }).waitFor();
    await shot('13-filter-saved');
    expect(await accessibilityViolations(page)).toEqual([]);

    // a colleague of MOTCUA in the same agency: the filter is offered, and applying it sets the page's filters
    await logInAs('officer3');
    const option = savedFilters().locator('option').filter({ hasText: 'Chứng thực mới đăng ký (do officer chia sẻ)' });
    await option.waitFor({ state: 'attached' });
    await savedFilters().selectOption({ label: 'Chứng thực mới đăng ký (do officer chia sẻ)' });
    await page.getByRole('button', { name: 'Áp dụng bộ lọc' }).click();
    await page.getByRole('status').filter({ hasText: 'Đang dùng bộ lọc “Chứng thực mới đăng ký”.' }).waitFor();
    expect(await page.getByLabel('Thủ tục').inputValue()).toBe('2.000815');
    expect(await page.getByLabel('Trạng thái hồ sơ').inputValue()).toBe('1');
    expect(await page.getByLabel('Hạn xử lý từ ngày').inputValue()).toBe('2026-01-01');
    await shot('14-filter-shared');
    expect(await accessibilityViolations(page)).toEqual([]);

    // an officer of another agency (SXD also has a unit MOTCUA) is not offered it
    await logInAs('officer2');
    await savedFilters().locator('option').filter({ hasText: 'Chưa có bộ lọc nào' }).waitFor({ state: 'attached' });
    expect(await savedFilters().locator('option').filter({ hasText: 'Chứng thực mới đăng ký' }).count()).toBe(0);
  });

  it('lets the unit lead reassign a task of the unit by keyboard; another agency’s officer is refused in Vietnamese', async () => {
    await logInAs('lead');
    await page.getByRole('tab', { name: /Của nhóm tôi/ }).click();
    // the earlier dossier's receipt is still open in MOTCUA
    const row = page.locator(`tr:has(a[href="#/ho-so/${earlier.id}"])`);
    await row.waitFor();
    await row.getByRole('button', { name: /^Giao lại/ }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Tiếp nhận, kiểm tra yêu cầu chứng thực' });
    await dialog.getByLabel(/Giao cho/).waitFor();
    await dialog.getByLabel(/Giao cho/).focus();
    await page.keyboard.type('officer2');
    await page.keyboard.press('Enter');
    await dialog.getByRole('alert').filter({ hasText: 'Chỉ giao lại được cho cán bộ đang làm việc cùng đơn vị và cùng cơ quan với công việc.' }).waitFor();
    await shot('15-reassign-refused');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByLabel(/Giao cho/).fill('officer3');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Đã giao công việc “Tiếp nhận, kiểm tra yêu cầu chứng thực” cho officer3.' }).waitFor();
    await row.getByText('officer3').waitFor();
    await shot('16-reassigned');
    // officer3 finds it under "Được giao cho tôi"
    await logInAs('officer3');
    await page.getByRole('tab', { name: /Được giao cho tôi/ }).click();
    await page.locator(`tr:has(a[href="#/ho-so/${earlier.id}"])`).waitFor();
  });
  // --- end of the saved filters and reassignment block
});

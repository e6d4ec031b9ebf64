/**
 * Issue 16 in the web app: an analyst migrates a running dossier to version 2 with a mapping of its
 * active step ("Di chuyển phiên bản"), sees the incidents view with its counts, and moves a stuck
 * dossier past its failing service task ("Điều chỉnh", with a reason). The whole product runs for
 * real (scripts/start.mjs); screenshots go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TestApi } from '../harness/api-client';
import { accessibilityViolations } from './accessibility.util';
import { logIn, openBrowser } from './browser-session.util';
import { freshDatabase, repoRoot, type Stack, startStack } from '../harness/stack';

const artifacts = join(repoRoot, 'test-artifacts');

const wrap = (key: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="Defs_${key}" targetNamespace="https://tthc.dev/test">
  <bpmn:process id="${key}" name="Cấp phép thử nghiệm" isExecutable="true" tthc:agency="STP">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;
const task = (id: string, name: string) => `<bpmn:userTask id="${id}" name="${name}" tthc:candidateGroups="MOTCUA"/>`;
const V1 = wrap('ops-mig', `<bpmn:startEvent id="Start"/>${task('Receive', 'Tiếp nhận')}${task('Review', 'Thẩm định')}<bpmn:endEvent id="End"/>${flow('f1', 'Start', 'Receive')}${flow('f2', 'Receive', 'Review')}${flow('f3', 'Review', 'End')}`);
const V2 = wrap(
  'ops-mig',
  `<bpmn:startEvent id="Start"/>${task('Receive', 'Tiếp nhận')}${task('Check', 'Kiểm tra thành phần')}${task('Appraise', 'Thẩm định hồ sơ')}<bpmn:endEvent id="End"/>` +
    `${flow('f1', 'Start', 'Receive')}${flow('g1', 'Receive', 'Check')}${flow('g2', 'Check', 'Appraise')}${flow('g3', 'Appraise', 'End')}`,
);
const STUCK = wrap(
  'ops-stuck',
  `<bpmn:startEvent id="Start"/><bpmn:serviceTask id="Fetch" name="Lấy dữ liệu dân cư"><bpmn:extensionElements><zeebe:taskDefinition type="fail" retries="1"/>` +
    `<zeebe:taskHeaders><zeebe:header key="message" value="CSDL dân cư không phản hồi"/><zeebe:header key="unlessVariable" value="fixed"/></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>` +
    `${task('Review', 'Thẩm định')}<bpmn:endEvent id="End"/>${flow('f1', 'Start', 'Fetch')}${flow('f2', 'Fetch', 'Review')}${flow('f3', 'Review', 'End')}`,
);

describe('operating running dossiers in a real browser (migrate, incidents, modify)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let migrating: string;
  let stuck: string;
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `browser-operations-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    stack = await startStack({ name: 'browser-operations', databaseUrl: await freshDatabase('browser_operations') });
    const analyst = await new TestApi(stack.url).login('analyst');
    const officer = await new TestApi(stack.url).login('officer');
    for (const xml of [V1, STUCK]) expect((await analyst.call('POST', '/api/v1/deployments', xml, { 'content-type': 'application/xml' })).status).toBe(201);
    migrating = (await officer.call('POST', '/api/v1/process-instances', { processKey: 'ops-mig', businessKey: 'OPS-MIG-0001' })).body.id;
    stuck = (await officer.call('POST', '/api/v1/process-instances', { processKey: 'ops-stuck', businessKey: 'OPS-STUCK-0001' })).body.id;
    const receive = await officer.until(async () => (await officer.call('GET', `/api/v1/tasks?instanceId=${migrating}`)).body.items?.[0] as { id: string } | undefined, 'the Receive task');
    expect((await officer.call('POST', `/api/v1/tasks/${receive.id}/complete`, { variables: {} })).status).toBe(200);
    await officer.until(async () => (await officer.call('GET', `/api/v1/process-instances/${migrating}`)).body.activeElementIds?.includes('Review'), 'the Review step');
    await officer.until(async () => (await officer.call('GET', `/api/v1/process-instances/${stuck}`)).body.incidents?.length > 0, 'the incident');
    expect((await analyst.call('POST', '/api/v1/deployments', V2, { 'content-type': 'application/xml' })).status).toBe(201);
    ({ browser, page } = await openBrowser({ locale: 'vi-VN' }));
    await logIn(page, stack.url, 'analyst');
    await page.getByRole('link', { name: 'Công việc' }).first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('migrates a dossier waiting at "Thẩm định" to version 2 with a mapping; an unmapped step is refused with its id', async () => {
    await page.goto(`${stack.url}/#/instances/${migrating}`);
    await page.getByRole('heading', { name: 'Hồ sơ OPS-MIG-0001' }).waitFor();
    await page.getByRole('button', { name: 'Di chuyển phiên bản' }).click();
    const dialog = page.getByRole('dialog', { name: 'Di chuyển hồ sơ sang phiên bản khác' });
    await dialog.getByLabel('Phiên bản đích').selectOption('2');
    const map = dialog.getByLabel('Bước ở phiên bản đích: Thẩm định (Review)');
    await map.waitFor();
    // left unmapped (v2 has no step "Review"): the engine refuses and names it
    await dialog.getByRole('button', { name: 'Di chuyển', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Các bước chưa ánh xạ được: Review' }).waitFor();
    await map.selectOption('Appraise');
    await shot('01-migrate-dialog');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Di chuyển', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã chuyển hồ sơ từ phiên bản 1 sang phiên bản 2.' }).waitFor();
    await page.locator('.facts').filter({ hasText: 'ops-mig · v2' }).waitFor();
    await page.getByRole('region', { name: 'Lịch sử xử lý' }).getByText('Thẩm định hồ sơ').waitFor();
    await shot('02-migrated');
  });

  it('shows open incidents with counts by process and step, then moves the stuck dossier past its failing task with a reason', async () => {
    await page.getByRole('link', { name: 'Sự cố' }).click();
    await page.getByRole('heading', { name: 'Sự cố đang mở' }).waitFor();
    const byElement = page.getByRole('region', { name: 'Theo bước' });
    await byElement.getByRole('row').filter({ hasText: 'ops-stuck' }).filter({ hasText: 'Fetch' }).filter({ hasText: '1' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'CSDL dân cư không phản hồi' }).waitFor();
    await shot('03-incidents');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'OPS-STUCK-0001' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ OPS-STUCK-0001' }).waitFor();
    await page.getByRole('button', { name: 'Điều chỉnh' }).click();
    const dialog = page.getByRole('dialog', { name: 'Điều chỉnh luồng xử lý' });
    // (a label wrapping a select also holds its options' text: the selects are found by name)
    await dialog.locator('select[name="kind"]').selectOption('move');
    await dialog.locator('select[name="from"]').selectOption('Fetch');
    await dialog.locator('select[name="target"]').selectOption('Review');
    await dialog.getByLabel('Lý do điều chỉnh').fill('CSDL dân cư không phản hồi; đã đối chiếu bản giấy');
    await shot('04-modify-dialog');
    await dialog.getByRole('button', { name: 'Điều chỉnh', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã điều chỉnh hồ sơ; đang ở: Review.' }).waitFor();
    await shot('05-modified');

    const api = await new TestApi(stack.url).login('analyst');
    const history = (await api.call('GET', `/api/v1/process-instances/${stuck}/history`)).body;
    expect(history.events.find((e: { action: string }) => e.action === 'process-instance.modify')).toMatchObject({
      actor: 'analyst',
      details: { reason: 'CSDL dân cư không phản hồi; đã đối chiếu bản giấy' },
    });
  });
});

/**
 * Issue 13 "Done when", in a real browser on the real stack: an online chứng thực dossier
 * submitted a week ago (so its receipt is late: more than 8 working hours after the submission)
 * is worked to the return through the API; an auditor opens it, reads the electronic Phiếu
 * kiểm soát (the late receipt shown as late), steps through its replayed history on the
 * diagram and screenshots three moments, and runs the determinism check. An agency auditor
 * of another agency gets 404 on every audit route of that dossier; bad input gets clear errors.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { TestApi } from '../harness/api-client';
import { accessibilityViolations } from './accessibility.util';
import { logIn, openBrowser } from './browser-session.util';
import { freshDatabase, repoRoot, type Stack, startStack } from '../harness/stack';

const artifacts = join(repoRoot, 'test-artifacts');
const APPLICANT = 'Phạm Thị Hoa';

async function pdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save({ useObjectStreams: false });
}

describe('the auditor replays a finished dossier and reads its control sheet', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let officer: TestApi;
  let portal: TestApi;
  let dossier: { id: string; code: string; instanceId: string };
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `browser-audit-${name}.png`), fullPage: true });

  async function openTask(instanceId: string, elementId: string) {
    return officer.until(async () => {
      const res = await officer.call('GET', `/api/v1/tasks?instanceId=${instanceId}&state=OPEN&limit=50`);
      return (res.body.items as any[])?.find((t) => t.elementId === elementId);
    }, `open task ${elementId}`, 180_000);
  }

  async function complete(instanceId: string, elementId: string) {
    const task = await openTask(instanceId, elementId);
    const res = await officer.call('POST', `/api/v1/tasks/${task.id}/complete`, { variables: {} });
    expect(res.status).toBe(200);
  }

  async function upload(dossierId: string, bytes: Uint8Array, fields: Record<string, string>, name: string) {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(bytes)], { type: 'application/pdf' }), name);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await fetch(`${stack.url}/api/v1/dossiers/${dossierId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${officer.token}` }, body: form });
    expect([200, 201]).toContain(res.status);
    return (await res.json()) as { id: string };
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    stack = await startStack({ name: 'browser-audit', databaseUrl: await freshDatabase('browser_audit') });
    portal = await new TestApi(stack.url).login('portal');
    officer = await new TestApi(stack.url).login('officer');
    // submitted through the portal a week ago: received now, that is more than 8 working hours later
    const submittedAt = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const res = await portal.call('POST', '/api/v1/dossiers', {
      procedureCode: '2.000815',
      channel: 2,
      submittedAt,
      applicant: { type: 1, name: APPLICANT, idNumber: '033190001234', address: 'Phường Hiến Nam, Hưng Yên', phone: '0987654321' },
      summary: 'Chứng thực bản sao giấy khai sinh',
    });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const instanceId = (await officer.call('GET', `/api/v1/dossiers/${id}`)).body.instanceId as string;
    await complete(instanceId, 'Task_TiepNhan');
    const components = (await officer.call('GET', `/api/v1/dossiers/${id}`)).body.components as Array<{ id: string; required: boolean }>;
    for (const c of components.filter((x) => x.required)) await upload(id, await pdf(`scan ${c.id}`), { componentId: c.id }, `scan-${c.id}.pdf`);
    for (const step of ['Task_SoHoa', 'Task_DoiChieu', 'Task_PheDuyet', 'Task_GhiSo']) await complete(instanceId, step);
    const result = await upload(id, await pdf('Ban sao duoc chung thuc tu ban chinh'), { kind: 'result' }, 'ban-sao-chung-thuc.pdf');
    expect((await officer.call('POST', `/api/v1/documents/${result.id}/sign`, { reason: 'Chứng thực bản sao điện tử' })).status).toBe(201);
    await complete(instanceId, 'Task_KySo');
    await complete(instanceId, 'Task_TraKetQua');
    const done = await officer.until(async () => {
      const v = (await officer.call('GET', `/api/v1/dossiers/${id}`)).body;
      const inst = (await officer.call('GET', `/api/v1/process-instances/${instanceId}`)).body;
      return v.status === 10 && inst.state === 'COMPLETED' && v;
    }, 'the dossier returned and its instance completed', 180_000);
    expect(done.lateReceipt).toBe(true);
    dossier = { id, code: done.code, instanceId };
    ({ browser, page } = await openBrowser({ locale: 'vi-VN' }));
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the electronic control sheet with the late receipt as late', async () => {
    await logIn(page, stack.url, 'auditor');
    await page.getByRole('link', { name: 'Nhật ký kiểm toán' }).first().waitFor();
    await page.goto(`${stack.url}/#/audit`);
    await page.getByLabel('Mã hồ sơ').fill(dossier.code);
    await page.getByRole('button', { name: 'Mở', exact: true }).click();
    await page.getByRole('heading', { name: `Kiểm tra hồ sơ ${dossier.code}` }).waitFor();
    const table = page.getByRole('table', { name: 'Phiếu kiểm soát điện tử' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    // the submission, then one hand-over per step: receive, digitise, review, approve, certify, sign, return
    expect(await rows.count()).toBe(8);
    const first = rows.nth(0);
    expect(await first.getAttribute('data-result')).toBe('late');
    const firstText = (await first.textContent())!;
    expect(firstText).toContain('Quá hạn');
    expect(firstText).toContain(APPLICANT);
    expect(firstText).toContain('Nộp hồ sơ');
    expect(await table.locator('tbody tr[data-result="late"]').count()).toBe(1);
    // the receipt step produced Mẫu 01; the sign step the signed result; the last hand-over goes back to the applicant
    expect(await rows.nth(1).textContent()).toContain('Tiếp nhận, kiểm tra yêu cầu chứng thực');
    expect(await rows.nth(6).textContent()).toMatch(/ban-sao-chung-thuc\.pdf.*đã ký \(1\)/);
    const last = (await rows.nth(7).textContent())!;
    expect(last).toContain('Trả kết quả chứng thực');
    expect(last).toContain(APPLICANT);
    await shot('01-timeline');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('steps through the replayed history on the diagram (three moments) and runs the determinism check', async () => {
    await page.getByRole('button', { name: 'Tải lịch sử để phát lại' }).click();
    const slider = page.getByLabel('Vị trí trong lịch sử');
    await slider.waitFor({ timeout: 600_000 });
    const canvas = page.locator('.replay-canvas');
    await canvas.locator('.djs-element').first().waitFor();
    const active = async () => ((await canvas.getAttribute('data-active')) ?? '').split(' ').filter(Boolean);
    const completed = async () => ((await canvas.getAttribute('data-completed')) ?? '').split(' ').filter(Boolean);
    const position = page.getByTestId('replay-position');
    const next = page.getByRole('button', { name: /^Sau/ });
    async function stepUntil(ok: () => Promise<boolean>, what: string) {
      for (let i = 0; i < 400; i++) {
        if (await ok()) return;
        if (await next.isDisabled()) break;
        await next.click();
      }
      throw new Error(`never reached: ${what}`);
    }

    // opened at the end: nothing active, every step done
    expect(await active()).toEqual([]);
    expect(await completed()).toEqual(expect.arrayContaining(['Task_TiepNhan', 'Task_KySo', 'Task_TraKetQua']));

    // moment 1: from the first event, step until the receipt task holds the token
    await page.getByRole('button', { name: /^Đầu/ }).click();
    expect(await position.textContent()).toContain('Sự kiện 1/');
    expect(await position.textContent()).toContain('WORKFLOW_EXECUTION_STARTED');
    await stepUntil(async () => (await active()).includes('Task_TiepNhan'), 'the receipt task active');
    expect(await page.getByTestId('replay-tokens').textContent()).toContain('Task_TiepNhan × 1');
    expect(await completed()).not.toContain('Task_TiepNhan');
    expect(await page.getByRole('region', { name: 'Văn bản đã có' }).textContent()).toContain('Chưa có văn bản nào.');
    const firstMoment = (await position.textContent())!;
    await shot('02-replay-receipt');

    // moment 2: further on, the approval holds the token; receipt and digitising done, the dossier code is a variable
    await stepUntil(async () => (await active()).includes('Task_PheDuyet'), 'the approval task active');
    expect(await completed()).toEqual(expect.arrayContaining(['Task_TiepNhan', 'Task_SoHoa', 'Task_DoiChieu']));
    expect(await completed()).not.toContain('Task_KySo');
    expect(await page.getByRole('region', { name: 'Biến quy trình' }).textContent()).toContain(dossier.code);
    expect(await page.getByRole('region', { name: 'Văn bản đã có' }).textContent()).toContain('.pdf');
    expect(await position.textContent()).not.toBe(firstMoment);
    await shot('03-replay-approval');

    // moment 3: the last event — completed, no token, the signed result among the documents
    await page.getByRole('button', { name: /^Cuối/ }).click();
    expect(await active()).toEqual([]);
    expect(await completed()).toContain('Task_TraKetQua');
    expect(await position.textContent()).toContain('WORKFLOW_EXECUTION_COMPLETED');
    expect(await page.getByRole('region', { name: 'Văn bản đã có' }).textContent()).toMatch(/ban-sao-chung-thuc\.pdf.*đã ký/);
    expect(await page.getByRole('region', { name: 'Số lần và thời gian ở từng bước' }).textContent()).toContain('Trả kết quả chứng thực');
    await shot('04-replay-end');
    expect(await accessibilityViolations(page)).toEqual([]);

    // "Replay": the determinism check against the worker's code
    await page.getByRole('button', { name: 'Kiểm tra tính tất định (Replay)' }).click();
    await page.getByRole('status').filter({ hasText: 'Tất định' }).waitFor({ timeout: 600_000 });

    // each view was an audit entry
    const admin = await new TestApi(stack.url).login('admin');
    const entries = (await admin.call('GET', `/api/v1/audit?entity=dossier&entityId=${dossier.id}&limit=500`)).body.items as Array<{ action: string; details: { view?: string } }>;
    const views = entries.filter((e) => e.action === 'audit.view').map((e) => e.details.view);
    expect(views).toEqual(expect.arrayContaining(['timeline', 'replay']));
  });

  it('keeps an agency auditor to its agency: 404 for another agency’s dossier on every audit route, read-only in its own', async () => {
    const admin = await new TestApi(stack.url).login('admin');
    const created = await admin.call('POST', '/api/v1/users', { username: 'thanhtra-sxd', fullName: 'Thanh tra Sở Xây dựng', password: 'Demo@12345', roles: ['auditor'], agency: 'SXD' });
    expect(created.status).toBe(201);
    const sxdAuditor = await new TestApi(stack.url).login('thanhtra-sxd', 'Demo@12345');
    const me = (await sxdAuditor.call('GET', '/api/v1/auth/me')).body;
    expect(me.auditScope).toEqual({ kind: 'agency', agency: 'SXD' });

    const { id, code, instanceId } = dossier;
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/dossiers/${id}`],
      ['GET', `/api/v1/dossiers/${id}/events`],
      ['GET', `/api/v1/dossiers/${id}/events/verify`],
      ['GET', `/api/v1/dossiers/${id}/progress`],
      ['GET', `/api/v1/dossiers/${id}/documents`],
      ['GET', `/api/v1/dossiers/${id}/forms/control-sheet`],
      ['GET', `/api/v1/dossiers/${id}/forms/receipt`],
      ['GET', `/api/v1/audit/dossiers/${code}/timeline`],
      ['GET', `/api/v1/audit/dossiers/${id}/timeline`],
      ['GET', `/api/v1/audit/dossiers/${code}/replay`],
      ['GET', `/api/v1/audit/dossiers/${code}/export`],
      ['POST', `/api/v1/process-instances/${instanceId}/replay`, {}],
      ['GET', `/api/v1/audit?entity=dossier&entityId=${id}`],
      ['GET', `/api/v1/audit?entity=process-instance&entityId=${instanceId}`],
    ];
    for (const [method, path, body] of routes) {
      const res = await sxdAuditor.call(method, path, body);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body.error.code).toMatch(/NOT_FOUND/);
    }
    // the province auditor reads the same routes
    const auditor = await new TestApi(stack.url).login('auditor');
    expect((await auditor.call('GET', `/api/v1/audit/dossiers/${code}/timeline`)).status).toBe(200);
    // the list does not show it; the whole log is not for an agency auditor
    const list = (await sxdAuditor.call('GET', `/api/v1/dossiers?code=${code}`)).body;
    expect(list.items).toEqual([]);
    expect((await sxdAuditor.call('GET', '/api/v1/audit')).status).toBe(403);

    // its own agency's dossier: readable, and still nothing can be changed
    const sxd = await portal.call('POST', '/api/v1/dossiers', {
      procedureCode: '1.009994',
      applicant: { type: 1, name: 'Lê Văn Xây', idNumber: '001088000111', address: 'Hà Nội' },
    });
    expect(sxd.status).toBe(201);
    const own = await sxdAuditor.call('GET', `/api/v1/audit/dossiers/${sxd.body.id}/timeline`);
    expect(own.status).toBe(200);
    expect(own.body.rows).toEqual([]);
    expect((await sxdAuditor.call('GET', `/api/v1/audit?entity=dossier&entityId=${sxd.body.id}`)).status).toBe(200);
    const write = await sxdAuditor.call('POST', `/api/v1/dossiers/${sxd.body.id}/resubmission`, { note: 'x' });
    expect(write.status).toBe(403);
  });

  it('answers bad input with clear errors', async () => {
    const auditor = await new TestApi(stack.url).login('auditor');
    for (const path of ['/api/v1/audit/dossiers/STP.MOTCUA-000000-9999/timeline', '/api/v1/audit/dossiers/STP.MOTCUA-000000-9999/replay', `/api/v1/audit/dossiers/00000000-0000-4000-8000-000000000000/replay`]) {
      const res = await auditor.call('GET', path);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'DOSSIER_NOT_FOUND' });
    }
    // a truncated history (its first events cut off) → 422 HISTORY_INVALID naming the position
    const full = await auditor.call('GET', `/api/v1/audit/dossiers/${dossier.code}/export`);
    expect(full.status).toBe(200);
    const truncated = await auditor.call('POST', `/api/v1/process-instances/${dossier.instanceId}/replay`, { history: { events: [{ eventId: '5', eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED' }] } });
    expect(truncated.status).toBe(422);
    expect(truncated.body.error.code).toBe('HISTORY_INVALID');
    expect(truncated.body.error.message).toMatch(/truncated/);
  });
});

/**
 * Issue 12 item 8, on the product started as a user starts it (scripts/start.mjs deploys
 * processes/ and seeds the catalog at first start): one online dossier of each of the five
 * shipped procedures goes from the portal's submission to the returned result, through the
 * API, as the officers of the owning agency (and, for cấp giấy phép xây dựng, of the ward
 * that gives its opinion through the call activity), under the engine's step guards.
 * Each result is signed by the officer who completes the sign step, verified, and returned
 * with its result code; the statuses are 1 → 2 → 4 → 9 → 10.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApi } from './harness/api-client';
import { completeVia, downloadBytes, openTask, simplePdf, submitDossier, uploadPdf } from './harness/dossier-driver';
import { freshDatabase, Stack, startStack } from './harness/stack';

const scratch = mkdtempSync(join(tmpdir(), 'tthc-procedures-e2e-'));
let stack: Stack;
const api: Record<string, TestApi> = {};

beforeAll(async () => {
  stack = await startStack({ name: 'procedures', databaseUrl: await freshDatabase('procedures') });
  for (const u of ['portal', 'officer', 'officer2', 'officer-phuong']) api[u] = await new TestApi(stack.url).login(u);
}, 400_000);

afterAll(async () => {
  await stack?.stop();
});

interface Step {
  element: string;
  /** who completes it (default: the procedure's officer) */
  by?: string;
  variables?: Record<string, unknown>;
}

interface Case {
  code: string;
  name: string;
  agency: string;
  officer: string;
  codePrefix: string;
  /** the steps between digitise and sign (review, approve, certify…) */
  processing: Step[];
  /** between sign and return (pay) */
  beforeReturn?: Step[];
  /** variables the instance must hold once returned (form data that reached the process) */
  expectVariables: Record<string, unknown>;
}

const RECEIVE = { ketQuaKiemTra: 'hop-le', returnPlace: 'Bộ phận Một cửa' };

const cases: Case[] = [
  {
    code: '2.000815',
    name: 'chứng thực bản sao',
    agency: 'STP',
    officer: 'officer',
    codePrefix: 'STP.MOTCUA',
    processing: [{ element: 'Task_DoiChieu' }, { element: 'Task_PheDuyet' }, { element: 'Task_GhiSo', variables: { soChungThuc: '125', quyenSo: '01/2026-SCT/BS', soTrang: 2 } }],
    expectVariables: { soChungThuc: '125' },
  },
  {
    code: '1.001193',
    name: 'đăng ký khai sinh',
    agency: 'UBPHN',
    officer: 'officer-phuong',
    codePrefix: 'UBPHN.MOTCUA',
    processing: [
      { element: 'Task_KiemTra', variables: { hoTenTre: 'Nguyễn Minh An', ngaySinh: '2026-11-20', gioiTinh: 'nam', noiSinh: 'Bệnh viện Đa khoa tỉnh Hưng Yên', soDangKy: '215/2026' } },
      { element: 'Task_PheDuyet' },
    ],
    expectVariables: { hoTenTre: 'Nguyễn Minh An', soDangKy: '215/2026' },
  },
  {
    code: '1.001612',
    name: 'đăng ký hộ kinh doanh',
    agency: 'UBPHN',
    officer: 'officer-phuong',
    codePrefix: 'UBPHN.MOTCUA',
    processing: [{ element: 'Task_ThamDinh', variables: { tenHoKinhDoanh: 'Hộ kinh doanh Tạp hóa Hoa', nganhNghe: 'Bán lẻ hàng tạp hóa', vonKinhDoanh: 50000000, ketQuaThamDinh: 'dat' } }, { element: 'Task_PheDuyet' }],
    expectVariables: { tenHoKinhDoanh: 'Hộ kinh doanh Tạp hóa Hoa', ketQuaThamDinh: 'dat' },
  },
  {
    code: '2.000488',
    name: 'cấp phiếu lý lịch tư pháp',
    agency: 'STP',
    officer: 'officer',
    codePrefix: 'STP.MOTCUA',
    processing: [{ element: 'Task_TraCuu', variables: { loaiPhieu: '1', ketQuaTraCuu: 'khong-co-an-tich' } }, { element: 'Task_PheDuyet' }],
    expectVariables: { ketQuaTraCuu: 'khong-co-an-tich' },
  },
  {
    code: '1.009994',
    name: 'cấp giấy phép xây dựng (liên thông: ý kiến của UBND phường qua call activity)',
    agency: 'SXD',
    officer: 'officer2',
    codePrefix: 'SXD.MOTCUA',
    processing: [
      { element: 'Task_ThamDinh', variables: { ketQuaThamDinh: 'dat', daKiemTraThucDia: true, yKienThamDinh: 'Đủ điều kiện' } },
      // the called process of the ward (another agency): only the ward's officer sees and completes it
      { element: 'Task_ChoYKien', by: 'officer-phuong', variables: { yKienQuyHoach: 'dong-y', noiDungYKien: 'Phù hợp quy hoạch phân khu' } },
      { element: 'Task_PheDuyet' },
    ],
    beforeReturn: [{ element: 'Task_LePhi', variables: { soTien: 75000, soBienLai: 'BL-0042' } }],
    expectVariables: { yKienQuyHoach: 'dong-y', soBienLai: 'BL-0042' },
  },
];

/** a task of the dossier's instance, or of the process it called (the ward's opinion) */
async function taskFor(as: TestApi, instanceId: string, element: string) {
  if (element !== 'Task_ChoYKien') return openTask(as, instanceId, element);
  return as.until(async () => {
    const res = await as.call('GET', '/api/v1/tasks?state=OPEN&limit=100');
    return (res.body.items as any[])?.find((t) => t.elementId === element && t.processKey === 'lay-y-kien-quy-hoach');
  }, 'the ward’s opinion task');
}

async function run(c: Case, step: Step, instanceId: string) {
  const as = api[step.by ?? c.officer];
  const task = await taskFor(as, instanceId, step.element);
  if (step.by && step.by !== c.officer) {
    // the owning agency's officer cannot complete the other agency's task
    expect([403, 404]).toContain((await completeVia(api[c.officer], task.id, step.variables)).status);
  }
  const res = await completeVia(as, task.id, step.variables);
  expect({ element: step.element, status: res.status, error: res.body?.error?.code }).toEqual({ element: step.element, status: 200, error: undefined });
}

describe.each(cases)('$code $name', (c) => {
  it('runs submission → receipt → digitise → processing → signed result → return (1 → 2 → 4 → 9 → 10)', async () => {
    const officer = api[c.officer];
    const d = await submitDossier(api.portal, officer, c.code, { type: 1, name: 'Phạm Thị Hoa', idNumber: '033190001234', address: 'Phường Hiến Nam, Hưng Yên', email: 'hoa@example.vn' }, `Hồ sơ ${c.name}`);
    expect((await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body).toMatchObject({ procedureCode: c.code, agency: c.agency });

    await run(c, { element: 'Task_TiepNhan', variables: RECEIVE }, d.instanceId);
    const received = (await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body;
    expect(received.status).toBe(2);
    expect(received.code).toMatch(new RegExp(`^${c.codePrefix.replace('.', '\\.')}-\\d{6}-\\d{4}$`));
    const receipt = join(scratch, `${c.code}-receipt.pdf`);
    writeFileSync(receipt, await downloadBytes(officer, `/api/v1/dossiers/${d.id}/forms/receipt`));
    expect(execFileSync('pdftotext', ['-layout', receipt, '-'], { encoding: 'utf8' })).toContain(received.code);

    // the catalog's required components, digitised (the guard refuses digitise without them)
    const components = (received.components as Array<{ id: string; required: boolean }>).filter((x) => x.required);
    expect(components.length).toBeGreaterThan(0);
    for (const comp of components) await uploadPdf(officer, d.id, await simplePdf(`scan ${comp.id}`), { componentId: comp.id }, `scan-${comp.id}.pdf`);
    await run(c, { element: 'Task_SoHoa' }, d.instanceId);
    expect((await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body.status).toBe(4);

    for (const step of c.processing) await run(c, step, d.instanceId);

    const result = await uploadPdf(officer, d.id, await simplePdf(`Ket qua ${c.code}`), { kind: 'result' }, `ket-qua-${c.code}.pdf`);
    const signed = await officer.call('POST', `/api/v1/documents/${result.id}/sign`, { reason: `Ký kết quả ${c.name}` });
    expect(signed.status).toBe(201);
    expect(signed.body.report.valid).toBe(true);
    await run(c, { element: 'Task_KySo' }, d.instanceId);
    for (const step of c.beforeReturn ?? []) await run(c, step, d.instanceId);
    await run(c, { element: 'Task_TraKetQua' }, d.instanceId);

    const done = (await officer.call('GET', `/api/v1/dossiers/${d.id}`)).body;
    expect(done.status).toBe(10);
    expect((await officer.call('GET', `/api/v1/dossiers/${d.id}/progress`)).body.items.map((p: { TrangThai: number }) => p.TrangThai)).toEqual([1, 2, 4, 9, 10]);
    expect((await officer.call('GET', `/api/v1/dossiers/${d.id}/events/verify`)).body.ok).toBe(true);
    const docs = (await officer.call('GET', `/api/v1/dossiers/${d.id}/documents`)).body;
    const returned = (docs.items ?? docs).find((x: { kind: string }) => x.kind === 'result');
    expect(returned.resultCode).toBe(`${done.code}-KQ1`);
    const signedPath = join(scratch, `${c.code}-result.pdf`);
    writeFileSync(signedPath, await downloadBytes(officer, `/api/v1/documents/${returned.id}/content`));
    expect(execFileSync('pdfsig', [signedPath], { encoding: 'utf8' })).toMatch(/Signature is Valid/);

    const instance = (await officer.call('GET', `/api/v1/process-instances/${d.instanceId}`)).body;
    expect(instance.state).toBe('COMPLETED');
    expect(instance.variables).toMatchObject(c.expectVariables);
  });
});

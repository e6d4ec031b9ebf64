/**
 * Issue #11: task forms with form-js. A form is deployed with the BPMN (multipart `forms`, or
 * `processes/forms/<id>.form.json` for the shipped procedures), pinned by hash in the version's
 * graph, and served for a task by `GET /tasks/:id/form` — the form of the version the task's
 * instance runs, even after a newer version changed it. Real API, real worker, real Temporal
 * dev server, SQLite and PostgreSQL.
 */
import { testDatabaseKinds } from '@tthc/persistence';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectErrorBody, type Harness } from '../../__tests__/support/api-harness';
import { startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from '../../__tests__/support/temporal-stack';

jest.setTimeout(240_000);

const PROCESSES_DIR = join(__dirname, '../../../../../processes');
const XML = readFileSync(join(__dirname, 'fixtures', 'form-task.bpmn'), 'utf8');
const server = useTemporalDevServer(0, { tmpPrefix: 'tthc-task-forms-', startTimeoutMs: 600_000 });

const formV1 = {
  id: 'phieu-tham-dinh',
  type: 'default',
  components: [
    { type: 'textfield', id: 'f1', key: 'nguoiThamDinh', label: 'Họ tên người thẩm định', validate: { required: true } },
    { type: 'radio', id: 'f2', key: 'ketLuan', label: 'Kết luận', values: [{ label: 'Đạt', value: 'dat' }, { label: 'Không đạt', value: 'khong-dat' }] },
  ],
};
const formV2 = { ...formV1, components: [...formV1.components, { type: 'textarea', id: 'f3', key: 'ghiChu', label: 'Ghi chú' }] };

describe.each(testDatabaseKinds())('task forms (form-js) over HTTP (%s)', (kind) => {
  let stack: ApiWithWorker;
  let h: Harness;
  let analyst: string;
  let officer: string;
  let officer2: string;

  beforeAll(async () => {
    stack = await startApiWithWorker(kind, server.address, `task-forms-${kind}`, { processesDir: PROCESSES_DIR });
    h = stack.h;
    [analyst, officer, officer2] = await Promise.all(['analyst', 'officer', 'officer2'].map((u) => h.login(u)));
  });
  afterAll(() => stack?.close());

  const deploy = (forms: unknown[], xml = XML) => {
    const body = new FormData();
    body.append('file', new Blob([xml], { type: 'application/xml' }), 'form-task.bpmn');
    forms.forEach((f, i) => body.append('forms', new Blob([typeof f === 'string' ? f : JSON.stringify(f)], { type: 'application/json' }), `form-${i}.form.json`));
    return h.call('POST', '/api/v1/deployments', { token: analyst, body });
  };
  const startTask = async (version: number) => {
    const started = await h.call('POST', '/api/v1/process-instances', { token: analyst, json: { processKey: 'form-task', version } });
    expect(started.status).toBe(201);
    return until('the form task', async () => (await h.call('GET', `/api/v1/tasks?instanceId=${started.body.id}`, { token: officer })).body.items?.[0]);
  };

  it('deploys the shipped procedure with the form next to it, pinned in its version', async () => {
    const res = await h.call('GET', '/api/v1/process-definitions/chung-thuc-ban-sao/versions/1/forms', { token: analyst });
    expect(res.status).toBe(200);
    // processes/forms/<id>.form.json: the six forms the procedure's tasks name, not the other procedures' ones
    expect(res.body.forms.map((f: { formKey: string }) => f.formKey)).toEqual([
      'chung-thuc-ban-sao-bo-sung',
      'chung-thuc-ban-sao-doi-chieu',
      'chung-thuc-ban-sao-ghi-so',
      'chung-thuc-ban-sao-tiep-nhan',
      'chung-thuc-ban-sao-tu-choi',
      'chung-thuc-ban-sao-xin-loi',
    ]);
    const form = res.body.forms.find((f: { formKey: string }) => f.formKey === 'chung-thuc-ban-sao-doi-chieu');
    expect(form.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(form.schema.components.map((c: { type: string }) => c.type)).toEqual(['text', 'textfield', 'select', 'number', 'radio', 'checkbox', 'textarea']);
    const def = await h.call('GET', '/api/v1/process-definitions?key=chung-thuc-ban-sao', { token: analyst });
    expect(def.body.items).toHaveLength(1);
  });

  it('serves a task the form of the version its instance runs, even after a newer version changed the form', async () => {
    const v1 = await deploy([formV1]);
    expect(v1.status).toBe(201);
    expect(v1.body.processes[0]).toMatchObject({ key: 'form-task', version: 1, created: true });
    // the same BPMN and the same form: no new version
    expect((await deploy([formV1])).body.processes[0]).toMatchObject({ version: 1, created: false });
    const oldTask = await startTask(1);
    expect(oldTask.formKey).toBe('phieu-tham-dinh');

    // only the form changed: a new version
    const v2 = await deploy([formV2]);
    expect(v2.body.processes[0]).toMatchObject({ version: 2, created: true });
    const newTask = await startTask(2);

    const oldForm = await h.call('GET', `/api/v1/tasks/${oldTask.id}/form`, { token: officer });
    expect(oldForm.status).toBe(200);
    expect(oldForm.body.formKey).toBe('phieu-tham-dinh');
    expect(oldForm.body.schema.components.map((c: { key: string }) => c.key)).toEqual(['nguoiThamDinh', 'ketLuan']);
    const newForm = await h.call('GET', `/api/v1/tasks/${newTask.id}/form`, { token: officer });
    expect(newForm.body.schema.components.map((c: { key: string }) => c.key)).toEqual(['nguoiThamDinh', 'ketLuan', 'ghiChu']);
    expect(newForm.body.sha256).not.toBe(oldForm.body.sha256);
    // the designer reads a version's forms
    expect((await h.call('GET', '/api/v1/process-definitions/form-task/versions/1/forms', { token: analyst })).body.forms[0].sha256).toBe(oldForm.body.sha256);

    // an officer of another agency does not see the task, nor its form (not found, like an unknown task)
    expectErrorBody(await h.call('GET', `/api/v1/tasks/${oldTask.id}/form`, { token: officer2 }), 404, 'NOT_FOUND');

    // the form's data become the task's variables; the next task has no form
    await h.call('POST', `/api/v1/tasks/${oldTask.id}/claim`, { token: officer });
    const done = await h.call('POST', `/api/v1/tasks/${oldTask.id}/complete`, { token: officer, json: { variables: { nguoiThamDinh: 'Lê Thị Thẩm Định', ketLuan: 'dat' } } });
    expect(done.status).toBe(200);
    const next = await until('the task without a form', async () =>
      (await h.call('GET', `/api/v1/tasks?instanceId=${oldTask.instanceId}`, { token: officer })).body.items?.find((t: { elementId: string }) => t.elementId === 'Task_GhiChu'),
    );
    expect(next.variables).toMatchObject({ nguoiThamDinh: 'Lê Thị Thẩm Định', ketLuan: 'dat' });
    expectErrorBody(await h.call('GET', `/api/v1/tasks/${next.id}/form`, { token: officer }), 404, 'FORM_NOT_FOUND');
  });

  it('refuses a completion whose data the pinned form does not accept: 422 FORM_INVALID per field, in Vietnamese, the task still open', async () => {
    const xml = XML.replace(/form-task/g, 'form-task-checked');
    const strict = { ...formV1, components: [...formV1.components, { type: 'number', id: 'f4', key: 'soTrang', label: 'Số trang', validate: { min: 1, max: 500 } }] };
    expect((await deploy([strict], xml)).status).toBe(201);
    const started = await h.call('POST', '/api/v1/process-instances', { token: analyst, json: { processKey: 'form-task-checked' } });
    const task = await until('the form task', async () => (await h.call('GET', `/api/v1/tasks?instanceId=${started.body.id}`, { token: officer })).body.items?.[0]);
    await h.call('POST', `/api/v1/tasks/${task.id}/claim`, { token: officer });

    const bad = await h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: { variables: { ketLuan: 'tot', soTrang: '12' } } });
    expectErrorBody(bad, 422, 'FORM_INVALID');
    expect(bad.body.error.details).toEqual([
      { field: 'nguoiThamDinh', id: 'f1', label: 'Họ tên người thẩm định', message: 'Trường này là bắt buộc.' },
      { field: 'ketLuan', id: 'f2', label: 'Kết luận', message: 'Giá trị không thuộc các lựa chọn của trường.' },
      { field: 'soTrang', id: 'f4', label: 'Số trang', message: 'Giá trị phải là một số.' },
    ]);
    const outOfRange = await h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: { variables: { nguoiThamDinh: 'Lê Thẩm Định', ketLuan: 'dat', soTrang: 501 } } });
    expectErrorBody(outOfRange, 422, 'FORM_INVALID');
    expect(outOfRange.body.error.details).toEqual([expect.objectContaining({ field: 'soTrang', message: 'Giá trị lớn nhất là 500.' })]);
    // nothing reached the engine: the task is still open, with none of the refused data
    const still = await h.call('GET', `/api/v1/tasks/${task.id}`, { token: officer });
    expect(still.body.state).toBe('OPEN');
    expect(still.body.variables.soTrang).toBeUndefined();

    const ok = await h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: { variables: { nguoiThamDinh: 'Lê Thẩm Định', ketLuan: 'dat', soTrang: 12 } } });
    expect(ok.status).toBe(200);
    expect(ok.body.state).toBe('COMPLETED');
  });

  it('refuses a form that is not a form-js schema, and warns about a task whose form is missing', async () => {
    const notJson = await deploy(['{"id": "phieu-tham-dinh", components: ['], XML);
    expectErrorBody(notJson, 422, 'FORM_INVALID');
    expect(notJson.body.error.message).toMatch(/not JSON/);
    expectErrorBody(await deploy([{ id: 'phieu-tham-dinh' }]), 422, 'FORM_INVALID');
    expectErrorBody(await deploy([{ components: [] }]), 422, 'FORM_INVALID');
    const twice = await deploy([formV1, formV2]);
    expectErrorBody(twice, 422, 'FORM_INVALID');
    expect(twice.body.error.message).toContain('phieu-tham-dinh');
    // nothing was stored by the refused deployments
    expect((await h.call('GET', '/api/v1/process-definitions?key=form-task', { token: analyst })).body.items).toHaveLength(2);

    const missing = await deploy([], XML.replace(/form-task/g, 'form-task-missing'));
    expect(missing.status).toBe(201);
    expect(missing.body.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'form-missing', message: expect.stringContaining('phieu-tham-dinh') })]));
  });
});

/**
 * Issue 12 — the designer's drafts, publications and forms through the real API and a real
 * database (SQLite, and PostgreSQL when DATABASE_URL is set): autosave with revisions, the
 * second analyst's warning, comments, publish = lint + deploy + history (layout-only too),
 * agency scoping, content-addressed forms.
 */
import { listAudit, testDatabaseKinds } from '@tthc/persistence';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectErrorBody, startApi, type Harness } from '../../../__tests__/support/api-harness';

jest.setTimeout(120_000);

const processes = join(__dirname, '../../../../../../processes');
const chungThucXml = readFileSync(join(processes, 'chung-thuc-ban-sao.bpmn'), 'utf8');
/** the shipped procedure without its sign step (the flow goes from "ghi sổ" straight to the end) */
const withoutSign = chungThucXml
  .replace(/<bpmn:userTask id="Task_KySo"[\s\S]*?<\/bpmn:userTask>/, '')
  .replace(/<bpmn:sequenceFlow id="Flow_Task_GhiSo_Task_KySo"[^>]*\/>/, '<bpmn:sequenceFlow id="Flow_Task_GhiSo_Task_KySo" sourceRef="Task_GhiSo" targetRef="Sub_End" />')
  .replace(/<bpmn:sequenceFlow id="Flow_Task_KySo_Sub_End"[^>]*\/>/, '')
  .replace(/<bpmn:incoming>Flow_Task_KySo_Sub_End<\/bpmn:incoming>/, '<bpmn:incoming>Flow_Task_GhiSo_Task_KySo</bpmn:incoming>')
  .replace(/<bpmndi:BPMNShape id="Task_KySo_di"[\s\S]*?<\/bpmndi:BPMNShape>/, '')
  .replace(/<bpmndi:BPMNEdge id="Flow_Task_KySo_Sub_End_di"[\s\S]*?<\/bpmndi:BPMNEdge>/, '');
const renamed = chungThucXml.replace('name="Đối chiếu bản sao với bản chính"', 'name="Đối chiếu bản sao với bản chính (sửa)"');
/** only a shape moved: same executable graph */
const moved = (xml: string) => xml.replace(/(<bpmndi:BPMNShape id="Task_TiepNhan_di"[^>]*>\s*<dc:Bounds x=")(\d+)/, (_m, head: string, x: string) => `${head}${Number(x) + 40}`);

describe.each(testDatabaseKinds())('designer drafts, versions and forms over HTTP (%s)', (kind) => {
  let h: Harness;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    h = await startApi(kind);
    for (const u of ['admin', 'analyst', 'officer']) tokens[u] = await h.login(u);
    for (const [username, agency] of [['analyst2', 'STP'], ['analyst-sxd', 'SXD']]) {
      const res = await h.call('POST', '/api/v1/users', { token: tokens.admin, json: { username, fullName: username, password: 'Demo@123456', roles: ['analyst'], agency } });
      expect(res.status).toBe(201);
      tokens[username] = await h.login(username, 'Demo@123456');
    }
    expect((await h.call('POST', '/api/v1/deployments', { token: tokens.admin, body: chungThucXml, type: 'application/xml' })).status).toBe(201);
  });
  afterAll(() => h?.close());

  const draftFrom = (token: string) => h.call('POST', '/api/v1/procedure-drafts', { token, json: { fromKey: 'chung-thuc-ban-sao' } });
  const save = (token: string, id: string, xml: string, baseRevision: number) => h.call('PUT', `/api/v1/procedure-drafts/${id}`, { token, json: { xml, baseRevision } });
  const publish = (token: string, id: string, revision: number, note: string) => h.call('POST', `/api/v1/procedure-drafts/${id}/publish`, { token, json: { note, revision } });
  const history = async () => (await h.call('GET', '/api/v1/procedure-versions?key=chung-thuc-ban-sao', { token: tokens.analyst })).body.items;

  let draftId: string;
  let revision: number;

  it('opens a shipped procedure as a draft; a second analyst of the agency gets the same draft and both are told of each other', async () => {
    const first = await draftFrom(tokens.analyst);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ processKey: 'chung-thuc-ban-sao', agency: 'STP', revision: 1, baseVersion: 1, createdBy: 'analyst', xml: chungThucXml });
    draftId = first.body.id;
    revision = 1;
    const again = await draftFrom(tokens.analyst2);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(draftId);

    expect((await h.call('POST', `/api/v1/procedure-drafts/${draftId}/editors`, { token: tokens.analyst })).body.others).toEqual([]);
    const seen = await h.call('POST', `/api/v1/procedure-drafts/${draftId}/editors`, { token: tokens.analyst2 });
    expect(seen.body.others).toEqual([expect.objectContaining({ username: 'analyst' })]);
    expect((await h.call('POST', `/api/v1/procedure-drafts/${draftId}/editors`, { token: tokens.analyst })).body.others).toEqual([expect.objectContaining({ username: 'analyst2' })]);
    // analyst2 closes it: analyst is alone again
    expect((await h.call('DELETE', `/api/v1/procedure-drafts/${draftId}/editors/me`, { token: tokens.analyst2 })).status).toBe(204);
    expect((await h.call('POST', `/api/v1/procedure-drafts/${draftId}/editors`, { token: tokens.analyst })).body.others).toEqual([]);
  });

  it('autosaves by revision; a save from a stale revision is refused with 409 DRAFT_CONFLICT and changes nothing', async () => {
    const ok = await save(tokens.analyst, draftId, renamed, revision);
    expect(ok.status).toBe(200);
    expect(ok.body.revision).toBe(2);
    revision = 2;
    const stale = await save(tokens.analyst2, draftId, withoutSign, 1);
    expectErrorBody(stale, 409, 'DRAFT_CONFLICT');
    expect(stale.body.error.details).toMatchObject({ revision: 2, updatedBy: 'analyst' });
    const now = await h.call('GET', `/api/v1/procedure-drafts/${draftId}`, { token: tokens.analyst2 });
    expect(now.body).toMatchObject({ revision: 2, updatedBy: 'analyst', xml: renamed });
    expect((await h.call('GET', '/api/v1/procedure-drafts', { token: tokens.analyst })).body.items.map((d: { id: string }) => d.id)).toEqual([draftId]);
  });

  it('keeps comments on the draft, by element', async () => {
    const c = await h.call('POST', `/api/v1/procedure-drafts/${draftId}/comments`, { token: tokens.analyst2, json: { body: 'Bước ký số phải giữ lại', elementId: 'Task_KySo' } });
    expect(c.status).toBe(201);
    expectErrorBody(await h.call('POST', `/api/v1/procedure-drafts/${draftId}/comments`, { token: tokens.analyst2, json: { body: '  ' } }), 400, 'VALIDATION_FAILED');
    const list = await h.call('GET', `/api/v1/procedure-drafts/${draftId}/comments`, { token: tokens.analyst });
    expect(list.body.items).toEqual([expect.objectContaining({ author: 'analyst2', body: 'Bước ký số phải giữ lại', elementId: 'Task_KySo' })]);
  });

  it('refuses to publish a draft that breaks a TTHC rule (422 with the element), recording nothing', async () => {
    const s = await save(tokens.analyst, draftId, withoutSign, revision);
    expect(s.status).toBe(200);
    revision = s.body.revision;
    const res = await publish(tokens.analyst, draftId, revision, 'bỏ bước ký');
    expectErrorBody(res, 422, 'BPMN_INVALID');
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'tthc/sign-before-return', elementId: 'Task_TraKetQua' })]));
    expect((await history()).map((v: { source: string }) => v.source)).toEqual(['deployment']);
  });

  it('publishes: a new engine version with author and note; a layout-only change is a publication on the same engine version', async () => {
    revision = (await save(tokens.analyst, draftId, renamed, revision)).body.revision;
    expectErrorBody(await publish(tokens.analyst, draftId, revision - 1, 'cũ'), 409, 'DRAFT_CONFLICT');
    const res = await publish(tokens.analyst, draftId, revision, 'Đổi tên bước đối chiếu');
    expect(res.status).toBe(201);
    expect(res.body.versions).toEqual([expect.objectContaining({ source: 'designer', number: 1, definitionVersion: 2, layoutOnly: false, author: 'analyst', note: 'Đổi tên bước đối chiếu' })]);
    const defs = (await h.call('GET', '/api/v1/process-definitions?key=chung-thuc-ban-sao', { token: tokens.analyst })).body.items;
    expect(defs.map((d: { version: number; deployedBy: string }) => [d.version, d.deployedBy])).toEqual([[1, 'admin'], [2, 'analyst']]);
    expect((await h.call('GET', `/api/v1/procedure-drafts/${draftId}`, { token: tokens.analyst })).body.baseVersion).toBe(2);

    revision = (await save(tokens.analyst2, draftId, moved(renamed), revision)).body.revision;
    const layout = await publish(tokens.analyst2, draftId, revision, 'Sắp xếp lại sơ đồ');
    expect(layout.status).toBe(201);
    expect(layout.body.versions).toEqual([expect.objectContaining({ number: 2, definitionVersion: 2, layoutOnly: true, author: 'analyst2' })]);

    const all = await history();
    expect(all.map((v: { source: string; definitionVersion: number; layoutOnly: boolean; note: string | null }) => [v.source, v.definitionVersion, v.layoutOnly, v.note])).toEqual([
      ['deployment', 1, false, null],
      ['designer', 2, false, 'Đổi tên bước đối chiếu'],
      ['designer', 2, true, 'Sắp xếp lại sơ đồ'],
    ]);
    // the exact XML of each entry, layout included (what the diff compares)
    const xmlOf = async (id: string) => (await h.call('GET', `/api/v1/procedure-versions/${id}/xml`, { token: tokens.analyst })).text;
    expect(await xmlOf(all[0].id)).toBe(chungThucXml);
    expect(await xmlOf(all[2].id)).toBe(moved(renamed));
    // the deployment and its publication are one audit entry of the deployment path
    const audit = await listAudit(h.db.ds, { entity: 'deployment', limit: 100 });
    expect(audit.filter((a) => (a.details as { source?: string }).source === `draft:${draftId}`)).toHaveLength(2);
  });

  it('keeps agencies apart: another agency sees no draft (404), an officer may not draft (403)', async () => {
    expectErrorBody(await h.call('GET', `/api/v1/procedure-drafts/${draftId}`, { token: tokens['analyst-sxd'] }), 404, 'NOT_FOUND');
    expectErrorBody(await save(tokens['analyst-sxd'], draftId, renamed, revision), 404, 'NOT_FOUND');
    expect((await h.call('GET', '/api/v1/procedure-drafts', { token: tokens['analyst-sxd'] })).body.items).toEqual([]);
    // an SXD analyst's own draft of an STP procedure cannot be published (the deployment's agency rule)
    const own = await draftFrom(tokens['analyst-sxd']);
    expect(own.status).toBe(201);
    expect(own.body.id).not.toBe(draftId);
    expectErrorBody(await publish(tokens['analyst-sxd'], own.body.id, 1, 'thử'), 403, 'AGENCY_MISMATCH');
    expectErrorBody(await h.call('GET', '/api/v1/procedure-drafts', { token: tokens.officer }), 403, 'FORBIDDEN');
    expectErrorBody(await h.call('GET', `/api/v1/procedure-drafts/not-a-uuid`, { token: tokens.analyst }), 400, 'VALIDATION_FAILED');
  });

  it('one forms mechanism: a draft opens the form its version pins by id, saves an edit under the same id, the publication pins it; the old version keeps the old one', async () => {
    const xml = readFileSync(join(__dirname, '../../../tasks/__tests__/fixtures/form-task.bpmn'), 'utf8').replace(/form-task/g, 'draft-form-task');
    const shippedForm = { id: 'phieu-tham-dinh', type: 'default', components: [{ type: 'textfield', id: 'f1', key: 'nguoiThamDinh', label: 'Họ tên người thẩm định' }] };
    const body = new FormData();
    body.append('file', new Blob([xml], { type: 'application/xml' }), 'draft-form-task.bpmn');
    body.append('forms', new Blob([JSON.stringify(shippedForm)], { type: 'application/json' }), 'phieu-tham-dinh.form.json');
    expect((await h.call('POST', '/api/v1/deployments', { token: tokens.analyst, body })).status).toBe(201);
    const versionForms = async (v: number) => (await h.call('GET', `/api/v1/process-definitions/draft-form-task/versions/${v}/forms`, { token: tokens.analyst })).body.forms;

    const draft = (await h.call('POST', '/api/v1/procedure-drafts', { token: tokens.analyst, json: { fromKey: 'draft-form-task' } })).body;
    const formUrl = `/api/v1/procedure-drafts/${draft.id}/forms/phieu-tham-dinh`;
    const opened = await h.call('GET', formUrl, { token: tokens.analyst });
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({ formKey: 'phieu-tham-dinh', sha256: (await versionForms(1))[0].sha256, schema: shippedForm });
    expectErrorBody(await h.call('GET', `/api/v1/procedure-drafts/${draft.id}/forms/khong-co`, { token: tokens.analyst }), 404, 'FORM_NOT_FOUND');
    expectErrorBody(await h.call('GET', formUrl, { token: tokens['analyst-sxd'] }), 404, 'NOT_FOUND');
    expectErrorBody(await h.call('GET', formUrl, { token: tokens.officer }), 403, 'FORBIDDEN');

    // the editor saves the edited schema under the same id (whatever id the editor wrote in it)
    const edited = { ...shippedForm, id: 'Form_0x1', components: [{ ...shippedForm.components[0], label: 'Cán bộ thẩm định (đã sửa)' }] };
    const saved = await h.call('PUT', formUrl, { token: tokens.analyst, json: { schema: edited } });
    expect(saved.status).toBe(200);
    expect(saved.body.formKey).toBe('phieu-tham-dinh');
    expect((await h.call('GET', formUrl, { token: tokens.analyst2 })).body.schema.components[0].label).toBe('Cán bộ thẩm định (đã sửa)');
    expectErrorBody(await h.call('PUT', formUrl, { token: tokens.analyst, json: { schema: { type: 'default', components: 'x' } } }), 400, 'VALIDATION_FAILED');
    expectErrorBody(await h.call('PUT', formUrl, { token: tokens.officer, json: { schema: edited } }), 403, 'FORBIDDEN');
    expectErrorBody(await h.call('PUT', `/api/v1/procedure-drafts/${draft.id}/forms/sha256:${saved.body.sha256}`, { token: tokens.analyst, json: { schema: edited } }), 400, 'VALIDATION_FAILED');
    // saving the same schema again changes nothing (content-addressed)
    expect((await h.call('PUT', formUrl, { token: tokens.analyst2, json: { schema: edited } })).body.sha256).toBe(saved.body.sha256);

    // a task pinned by an earlier editor names its form by hash: the analysts of a draft (or version) using it read it, a draft opens it too
    const byHash = await h.call('GET', `/api/v1/forms/sha256:${saved.body.sha256}`, { token: tokens.analyst2 });
    expect(byHash.status).toBe(200);
    expect(byHash.body).toMatchObject({ hash: saved.body.sha256, formKey: `sha256:${saved.body.sha256}`, schema: { ...edited, id: 'phieu-tham-dinh' } });
    const draftByHash = await h.call('GET', `/api/v1/procedure-drafts/${draft.id}/forms/sha256:${saved.body.sha256}`, { token: tokens.analyst });
    expect(draftByHash.body).toEqual({ formKey: `sha256:${saved.body.sha256}`, sha256: saved.body.sha256, schema: { ...edited, id: 'phieu-tham-dinh' } });
    expectErrorBody(await h.call('GET', `/api/v1/forms/sha256:${saved.body.sha256}`, { token: tokens['analyst-sxd'] }), 404, 'NOT_FOUND');
    expectErrorBody(await h.call('GET', `/api/v1/forms/sha256:${saved.body.sha256}`, { token: tokens.officer }), 403, 'FORBIDDEN');
    expectErrorBody(await h.call('GET', `/api/v1/forms/sha256:${'0'.repeat(64)}`, { token: tokens.analyst }), 404, 'NOT_FOUND');
    expectErrorBody(await h.call('GET', '/api/v1/forms/camunda-forms:app:x.form', { token: tokens.analyst }), 400, 'BAD_REQUEST');
    // the content-addressed write of earlier sessions is gone: forms are saved in a draft, by id
    expectErrorBody(await h.call('POST', '/api/v1/forms', { token: tokens.analyst, json: { schema: edited } }), 404, 'NOT_FOUND');

    // the drawing did not change; the form did: the publication is a new engine version pinning the edit
    const published = await h.call('POST', `/api/v1/procedure-drafts/${draft.id}/publish`, { token: tokens.analyst, json: { note: 'Sửa nhãn biểu mẫu thẩm định', revision: draft.revision } });
    expect(published.status).toBe(201);
    expect(published.body.versions[0]).toMatchObject({ processKey: 'draft-form-task', definitionVersion: 2 });
    const v2 = await versionForms(2);
    expect(v2).toEqual([{ formKey: 'phieu-tham-dinh', sha256: saved.body.sha256, schema: { ...edited, id: 'phieu-tham-dinh' } }]);
    expect((await versionForms(1))[0].schema).toEqual(shippedForm);
    // the BPMN still names the form by its id
    expect((await h.call('GET', '/api/v1/process-definitions/draft-form-task/versions/2/xml', { token: tokens.analyst })).text).toContain('tthc:formKey="phieu-tham-dinh"');
  });
});

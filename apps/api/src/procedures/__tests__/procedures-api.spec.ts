/**
 * The procedure catalog API (issue 12 item 1) on the real API over SQLite and PostgreSQL,
 * with processes/ deployed and seeded at start as `npm start` does: list and detail with the
 * deployed versions, who sees a draft, who may change an entry, the audit entry of a change,
 * and a retired procedure refusing new dossiers.
 */
import { listAudit, testDatabaseKinds } from '@tthc/persistence';
import { join } from 'node:path';
import { expectErrorBody, startApi, type Harness } from '../../__tests__/support/api-harness';

const PROCESSES_DIR = join(__dirname, '../../../../../processes');
const applicant = { type: 1, name: 'Phạm Thị Hoa', idNumber: '033190001234', address: 'Phường Hiến Nam, Hưng Yên' };

describe.each(testDatabaseKinds())('the procedure catalog on %s', (kind) => {
  let h: Harness;
  const t: Record<string, string> = {};
  beforeAll(async () => {
    h = await startApi(kind, { processesDir: PROCESSES_DIR });
    for (const u of ['admin', 'analyst', 'officer', 'officer2', 'portal', 'auditor', 'officer-phuong']) t[u] = await h.login(u);
    const created = await h.call('POST', '/api/v1/users', { token: t.admin, json: { username: 'analyst-sxd', fullName: 'Chuyên viên Sở Xây dựng', password: 'Demo@12345', roles: ['analyst'], agency: 'SXD', units: [] } });
    expect(created.status).toBe(201);
    t['analyst-sxd'] = await h.login('analyst-sxd', 'Demo@12345');
  });
  afterAll(() => h?.close());

  it('lists the five shipped procedures with online level, status and components; filters by agency', async () => {
    const res = await h.call('GET', '/api/v1/procedures', { token: t.officer });
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries((res.body.items as any[]).map((p) => [p.code, p]));
    expect(Object.keys(byCode).sort()).toEqual(['1.001193', '1.001612', '1.009994', '2.000488', '2.000815']);
    expect(byCode['1.001193']).toMatchObject({ name: 'Đăng ký khai sinh', agency: 'UBPHN', field: 'Hộ tịch', level: 'commune', onlineLevel: 'full', status: 'published', statutoryDays: 1, cutoff: '15:00' });
    expect(byCode['2.000488']).toMatchObject({ agency: 'STP', statutoryDays: 10, cutoff: null, status: 'published' });
    expect(byCode['2.000488'].fees[0]).toEqual({ name: 'Phí cung cấp thông tin lý lịch tư pháp', amount: 200000, unit: 'đồng/lần/người' });
    expect(byCode['1.001612'].components.filter((c: any) => c.required).map((c: any) => c.id)).toEqual(['giay-de-nghi', 'giay-to-phap-ly']);
    const ubphn = await h.call('GET', '/api/v1/procedures?agency=UBPHN', { token: t.portal });
    expect(ubphn.body.items.map((p: any) => p.code)).toEqual(['1.001193', '1.001612']);
    expectErrorBody(await h.call('GET', '/api/v1/procedures?agency=ubphn%27', { token: t.officer }), 400, 'VALIDATION_FAILED');
    expectErrorBody(await h.call('GET', '/api/v1/procedures'), 401, 'UNAUTHENTICATED');
  });

  it('shows one procedure with the deployed versions of its process, and whether the caller may edit it', async () => {
    const res = await h.call('GET', '/api/v1/procedures/2.000815', { token: t.analyst });
    expect(res.status).toBe(200);
    expect(res.body.processKey).toBe('chung-thuc-ban-sao');
    expect(res.body.versions).toEqual([expect.objectContaining({ version: 1, deployedBy: expect.any(String), definitionId: expect.any(String) })]);
    expect(new Date(res.body.versions[0].deployedAt).getTime()).toBeGreaterThan(0);
    expect(res.body.editable).toBe(true);
    expect((await h.call('GET', '/api/v1/procedures/2.000815', { token: t.officer })).body.editable).toBe(false);
    expect((await h.call('GET', '/api/v1/procedures/1.009994', { token: t.analyst })).body.editable).toBe(false);
    expectErrorBody(await h.call('GET', '/api/v1/procedures/9.999999', { token: t.officer }), 404, 'NOT_FOUND');
    expectErrorBody(await h.call('GET', '/api/v1/procedures/..%2Fx', { token: t.officer }), 404, 'NOT_FOUND');
  });

  it('shows the designer’s drafts to the owning agency’s analysts and its publications (author, note) to everyone', async () => {
    const draft = await h.call('POST', '/api/v1/procedure-drafts', { token: t.analyst, json: { fromKey: 'chung-thuc-ban-sao' } });
    expect(draft.status).toBe(201);
    const mine = (await h.call('GET', '/api/v1/procedures/2.000815', { token: t.analyst })).body;
    expect(mine.drafts).toEqual([expect.objectContaining({ id: draft.body.id, baseVersion: 1, createdBy: 'analyst' })]);
    expect(mine.history).toEqual([expect.objectContaining({ source: 'deployment', definitionVersion: 1, note: null })]);
    expect((await h.call('GET', '/api/v1/procedures/2.000815', { token: t.officer })).body.drafts).toEqual([]);
    expect((await h.call('GET', '/api/v1/procedures/2.000815', { token: t['analyst-sxd'] })).body.drafts).toEqual([]);

    const published = await h.call('POST', `/api/v1/procedure-drafts/${draft.body.id}/publish`, { token: t.analyst, json: { note: 'Rà soát quy trình nội bộ 2026', revision: draft.body.revision } });
    expect(published.status).toBeLessThan(300);
    const after = (await h.call('GET', '/api/v1/procedures/2.000815', { token: t.officer })).body;
    expect(after.history[0]).toMatchObject({ source: 'designer', author: 'analyst', note: 'Rà soát quy trình nội bộ 2026', definitionVersion: 1 });
    // the drawing was unchanged: the publication is recorded on engine version 1 (no new engine version)
    expect(after.history).toHaveLength(1);
    expect(after.versions.map((v: { version: number }) => v.version)).toEqual([1]);
  });

  it('lets only analysts of the owning agency and admins change an entry; the change is audited', async () => {
    const patch = { fees: [{ name: 'Phí chứng thực bản sao từ bản chính', amount: 2000, unit: 'đồng/trang' }] };
    expectErrorBody(await h.call('PATCH', '/api/v1/procedures/2.000815', { token: t.officer, json: patch }), 403, 'FORBIDDEN');
    expectErrorBody(await h.call('PATCH', '/api/v1/procedures/2.000815', { token: t['analyst-sxd'], json: patch }), 403, 'FORBIDDEN');
    expectErrorBody(await h.call('PATCH', '/api/v1/procedures/2.000815', { token: t.portal, json: patch }), 403, 'FORBIDDEN');
    // bad input loses nothing: the BPMN's own facts cannot be changed here, an empty change is refused
    expectErrorBody(await h.call('PATCH', '/api/v1/procedures/2.000815', { token: t.analyst, json: { statutoryDays: 3 } }), 400, 'VALIDATION_FAILED');
    expectErrorBody(await h.call('PATCH', '/api/v1/procedures/2.000815', { token: t.analyst, json: {} }), 400, 'VALIDATION_FAILED');
    expectErrorBody(await h.call('PATCH', '/api/v1/procedures/2.000815', { token: t.analyst, json: { components: [] } }), 400, 'VALIDATION_FAILED');
    const before = (await h.call('GET', '/api/v1/procedures/2.000815', { token: t.analyst })).body;
    expect(before.fees).toHaveLength(2);

    const res = await h.call('PATCH', '/api/v1/procedures/2.000815', { token: t.analyst, json: patch });
    expect(res.status).toBe(200);
    expect(res.body.fees).toEqual(patch.fees);
    expect(res.body.components).toEqual(before.components);
    expect((await h.call('GET', '/api/v1/procedures/2.000815', { token: t.portal })).body.fees).toEqual(patch.fees);
    const audit = await listAudit(h.db.ds, { entity: 'procedure', limit: 10 });
    expect(audit.find((e) => e.actor === 'analyst' && e.entityId === '2.000815')).toMatchObject({ action: 'procedure.update', details: { changed: ['fees'] } });
    // the admin may change any agency's entry
    const admin = await h.call('PATCH', '/api/v1/procedures/1.009994', { token: t.admin, json: { onlineLevel: 'full' } });
    expect(admin.status).toBe(200);
    expect(admin.body.onlineLevel).toBe('full');
  });

  it('a draft is seen by its own agency only; a retired procedure takes no new dossier', async () => {
    expect((await h.call('PATCH', '/api/v1/procedures/1.009994', { token: t['analyst-sxd'], json: { status: 'draft' } })).status).toBe(200);
    expect((await h.call('GET', '/api/v1/procedures/1.009994', { token: t.officer2 })).body.status).toBe('draft');
    expectErrorBody(await h.call('GET', '/api/v1/procedures/1.009994', { token: t.officer }), 404, 'NOT_FOUND');
    expectErrorBody(await h.call('GET', '/api/v1/procedures/1.009994', { token: t.portal }), 404, 'NOT_FOUND');
    expect((await h.call('GET', '/api/v1/procedures', { token: t.portal })).body.items.map((p: any) => p.code)).not.toContain('1.009994');
    expect((await h.call('GET', '/api/v1/procedures/1.009994', { token: t.auditor })).status).toBe(200);
    expectErrorBody(await h.call('POST', '/api/v1/dossiers', { token: t.portal, json: { procedureCode: '1.009994', applicant } }), 409, 'PROCEDURE_NOT_PUBLISHED');

    expect((await h.call('PATCH', '/api/v1/procedures/1.009994', { token: t['analyst-sxd'], json: { status: 'retired' } })).status).toBe(200);
    expect((await h.call('GET', '/api/v1/procedures?status=retired', { token: t.officer })).body.items.map((p: any) => p.code)).toEqual(['1.009994']);
    expect((await h.call('GET', '/api/v1/procedures', { token: t.portal })).body.items.map((p: any) => p.code)).not.toContain('1.009994');
    expectErrorBody(await h.call('POST', '/api/v1/dossiers', { token: t.officer2, json: { procedureCode: '1.009994', channel: 1, applicant } }), 409, 'PROCEDURE_NOT_PUBLISHED');
    const audit = await listAudit(h.db.ds, { entity: 'procedure', limit: 10 });
    expect(audit.filter((e) => e.entityId === '1.009994' && e.actor === 'analyst-sxd').map((e) => e.details)).toEqual(
      expect.arrayContaining([expect.objectContaining({ statusFrom: 'published', statusTo: 'draft' }), expect.objectContaining({ statusFrom: 'draft', statusTo: 'retired' })]),
    );
    expect((await h.call('PATCH', '/api/v1/procedures/1.009994', { token: t.admin, json: { status: 'published' } })).body.status).toBe('published');
  });
});

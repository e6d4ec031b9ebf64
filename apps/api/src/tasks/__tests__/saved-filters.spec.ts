/**
 * Issue #11: inbox filters saved on the server, private or shared with a unit. A colleague of
 * the unit (same agency) sees a shared filter; an officer of another agency does not — even
 * one whose unit has the same code (both STP and SXD have MOTCUA). Only the owner changes or
 * deletes it; every change is audited. Real API, SQLite and PostgreSQL.
 */
import { AuditEntryEntity, testDatabaseKinds } from '@tthc/persistence';
import { expectErrorBody, startApi, type Harness } from '../../__tests__/support/api-harness';

describe.each(testDatabaseKinds())('saved inbox filters (%s)', (kind) => {
  let h: Harness;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    h = await startApi(kind);
    for (const u of ['officer', 'officer2', 'officer3', 'admin']) t[u] = await h.login(u);
  });
  afterAll(() => h?.close());

  const ids = async (who: string) => ((await h.call('GET', '/api/v1/task-filters', { token: t[who] })).body.items as Array<{ id: string }>).map((f) => f.id);
  const filter = { view: 'group', procedure: '2.000815', status: [2, 4], dueFrom: '2026-12-01T00:00:00+07:00', dueTo: '2026-12-08T00:00:00+07:00' };

  it('shares a filter with the unit: a colleague sees it, an officer of another agency does not', async () => {
    const shared = await h.call('POST', '/api/v1/task-filters', { token: t.officer, json: { name: 'Chứng thực đang xử lý tuần này', filter, sharedWithUnit: 'MOTCUA' } });
    expect(shared.status).toBe(201);
    expect(shared.body).toMatchObject({ name: 'Chứng thực đang xử lý tuần này', owner: 'officer', agency: 'STP', sharedWithUnit: 'MOTCUA', filter, mine: true });
    const mine = await h.call('POST', '/api/v1/task-filters', { token: t.officer, json: { name: 'Của riêng tôi', filter: { view: 'me' } } });
    expect(mine.body).toMatchObject({ sharedWithUnit: null, mine: true });

    expect(await ids('officer')).toEqual(expect.arrayContaining([shared.body.id, mine.body.id]));
    // the colleague of MOTCUA in STP: the shared one only, not the owner's private one
    expect(await ids('officer3')).toEqual([shared.body.id]);
    const seen = await h.call('GET', `/api/v1/task-filters/${shared.body.id}`, { token: t.officer3 });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ owner: 'officer', mine: false, filter });
    expectErrorBody(await h.call('GET', `/api/v1/task-filters/${mine.body.id}`, { token: t.officer3 }), 404, 'NOT_FOUND');
    // SXD also has a unit MOTCUA: its officer sees neither
    expect(await ids('officer2')).toEqual([]);
    expectErrorBody(await h.call('GET', `/api/v1/task-filters/${shared.body.id}`, { token: t.officer2 }), 404, 'NOT_FOUND');
    expectErrorBody(await h.call('PATCH', `/api/v1/task-filters/${shared.body.id}`, { token: t.officer2, json: { name: 'x' } }), 404, 'NOT_FOUND');
  });

  it('lets only the owner change, unshare or delete a filter; shares only with the owner’s units; audits every change', async () => {
    const created = await h.call('POST', '/api/v1/task-filters', { token: t.officer, json: { name: 'Quá hạn', filter: { view: 'overdue' }, sharedWithUnit: 'HCTP' } });
    const id = created.body.id;
    // a colleague may use it, not change or delete it
    const byColleague = await h.call('PATCH', `/api/v1/task-filters/${id}`, { token: t.officer3, json: { name: 'Đổi tên' } });
    // officer3 is in MOTCUA only: a filter shared with HCTP is not theirs to see at all
    expectErrorBody(byColleague, 404, 'NOT_FOUND');
    const shared = await h.call('PATCH', `/api/v1/task-filters/${id}`, { token: t.officer, json: { sharedWithUnit: 'MOTCUA' } });
    expect(shared.body.sharedWithUnit).toBe('MOTCUA');
    expectErrorBody(await h.call('PATCH', `/api/v1/task-filters/${id}`, { token: t.officer3, json: { name: 'Đổi tên' } }), 403, 'FORBIDDEN');
    expectErrorBody(await h.call('DELETE', `/api/v1/task-filters/${id}`, { token: t.officer3 }), 403, 'FORBIDDEN');

    // shared only with a unit of the owner's own
    const foreign = await h.call('PATCH', `/api/v1/task-filters/${id}`, { token: t.officer, json: { sharedWithUnit: 'QLXD' } });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.message).toMatch(/only with your own units/);
    const noAgency = await h.call('POST', '/api/v1/task-filters', { token: t.admin, json: { name: 'A', filter: {}, sharedWithUnit: 'MOTCUA' } });
    expect(noAgency.status).toBe(422);
    // bad filters are refused with the field named
    const bad = await h.call('POST', '/api/v1/task-filters', { token: t.officer, json: { name: 'B', filter: { status: [11], colour: 'red' } } });
    expectErrorBody(bad, 400, 'VALIDATION_FAILED');
    expectErrorBody(await h.call('POST', '/api/v1/task-filters', { token: t.officer, json: { name: '', filter: {} } }), 400, 'VALIDATION_FAILED');

    // unshared: the colleague no longer sees it
    const renamed = await h.call('PATCH', `/api/v1/task-filters/${id}`, { token: t.officer, json: { name: 'Quá hạn (riêng)', sharedWithUnit: null } });
    expect(renamed.body).toMatchObject({ name: 'Quá hạn (riêng)', sharedWithUnit: null, filter: { view: 'overdue' } });
    expect(await ids('officer3')).not.toContain(id);
    expect((await h.call('DELETE', `/api/v1/task-filters/${id}`, { token: t.officer })).status).toBe(204);
    expectErrorBody(await h.call('GET', `/api/v1/task-filters/${id}`, { token: t.officer }), 404, 'NOT_FOUND');

    const audit = await h.db.ds.getRepository(AuditEntryEntity).find({ where: { entity: 'task-filter', entityId: id }, order: { seq: 'ASC' } });
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['officer', 'task-filter.create'],
      ['officer', 'task-filter.update'],
      ['officer', 'task-filter.update'],
      ['officer', 'task-filter.delete'],
    ]);
  });
});

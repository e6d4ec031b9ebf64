/**
 * Issue #11: the inbox as the officer's workspace — every row carries its dossier (code,
 * procedure, applicant, national status) and the working time left; views due soon /
 * overdue; filters by procedure, dossier code and applicant; counts per view. Real
 * Temporal dev server (port 3741), the real worker, the shipped procedure, SQLite and
 * PostgreSQL.
 */
import { AuditEntryEntity, changeDossierStatus, dossierCodeUnit, inTransaction, issueDossierCode, TaskEntity, testDatabaseKinds, updateDossier } from '@tthc/persistence';
import { join } from 'node:path';
import { expectErrorBody, type Harness } from '../../__tests__/support/api-harness';
import { startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from '../../__tests__/support/temporal-stack';

jest.setTimeout(240_000);

const TEMPORAL_PORT = 3741;
const PROCESSES_DIR = join(__dirname, '../../../../../processes');
const server = useTemporalDevServer(TEMPORAL_PORT, { tmpPrefix: 'tthc-inbox-dossiers-', lockPort: true, startTimeoutMs: 600_000 });
const HOUR = 3600_000;

describe.each(testDatabaseKinds())('inbox with dossiers over HTTP (%s)', (kind) => {
  let stack: ApiWithWorker;
  let h: Harness;
  const tokens: Record<string, string> = {};
  const ids: Record<string, { id: string; instanceId: string; taskId: string }> = {};

  beforeAll(async () => {
    stack = await startApiWithWorker(kind, server.address, `inbox-dossiers-${kind}`, { processesDir: PROCESSES_DIR });
    h = stack.h;
    for (const u of ['portal', 'officer', 'officer2', 'officer3', 'lead', 'admin']) tokens[u] = await h.login(u);
    for (const [key, name, idNumber] of [['an', 'Nguyễn Văn An', '001090012345'], ['binh', 'Trần Thị Bình', '079190000001']]) {
      const res = await h.call('POST', '/api/v1/dossiers', {
        token: tokens.portal,
        json: { procedureCode: '2.000815', applicant: { type: 1, name, idNumber, address: 'Số 5 Phố Hiến, Hưng Yên' } },
      });
      expect(res.status).toBe(201);
      const task = await until('the receive task', async () => (await h.call('GET', `/api/v1/tasks?instanceId=${res.body.instanceId}`, { token: tokens.officer })).body.items?.[0]);
      ids[key] = { id: res.body.id, instanceId: res.body.instanceId, taskId: task.id };
    }
  });
  afterAll(() => stack?.close());

  const list = async (query: string, token = tokens.officer) => {
    const res = await h.call('GET', `/api/v1/tasks?${query}`, { token });
    expect(res.status).toBe(200);
    return res.body.items as Array<Record<string, any>>;
  };
  const taskIds = async (query: string, token?: string) => (await list(query, token)).map((t) => t.id).sort();
  const counts = async (query = '', token = tokens.officer) => (await h.call('GET', `/api/v1/tasks/counts?${query}`, { token })).body;

  it('shows each task with its dossier and the working time left before its due date', async () => {
    const rows = await list('');
    const an = rows.find((t) => t.id === ids.an.taskId)!;
    expect(an.dossier).toEqual({
      id: ids.an.id,
      code: null,
      procedureCode: '2.000815',
      procedureName: expect.stringContaining('Chứng thực bản sao từ bản chính'),
      applicantName: 'Nguyễn Văn An',
      status: 1,
      statusLabel: 'Mới đăng ký',
      dueAt: null,
    });
    // tthc:due="PT8H" in working time: at most one working day left, never overdue
    expect(an.workingMsLeft).toBeGreaterThan(0);
    expect(an.workingMsLeft).toBeLessThanOrEqual(8 * HOUR);
    expect(an.overdue).toBe(false);
    // the same through GET /tasks/:id
    expect((await h.call('GET', `/api/v1/tasks/${ids.an.taskId}`, { token: tokens.officer })).body.dossier).toMatchObject({ id: ids.an.id, applicantName: 'Nguyễn Văn An' });
  });

  it('filters by procedure, dossier code and applicant (name or ID number)', async () => {
    const at = new Date();
    const code = await inTransaction(h.api.ds, async (m) => {
      const c = await issueDossierCode(m, dossierCodeUnit('STP', 'MOTCUA'), at);
      await updateDossier(m, ids.binh.id, { code: c, receivedAt: at }, { kind: 'dossier.received', actor: 'officer', unit: 'MOTCUA', at });
      await changeDossierStatus(m, ids.binh.id, 2, { actor: 'officer', handler: 'Cán bộ', handlerTitle: 'Chuyên viên', unitName: 'Bộ phận Một cửa', content: 'Tiếp nhận hồ sơ' }, at);
      return c;
    });
    expect(await taskIds('procedure=2.000815')).toEqual([ids.an.taskId, ids.binh.taskId].sort());
    expect(await taskIds('procedure=1.000001')).toEqual([]);
    expect(await taskIds(`code=${encodeURIComponent(code.slice(0, 12))}`)).toEqual([ids.binh.taskId]);
    expect(await taskIds(`applicant=${encodeURIComponent('Thị Bình')}`)).toEqual([ids.binh.taskId]);
    expect(await taskIds('applicant=001090012345&assigned=unassigned')).toEqual([ids.an.taskId]);
    const binh = (await list(`code=${encodeURIComponent(code)}`))[0];
    expect(binh.dossier).toMatchObject({ code, status: 2, statusLabel: 'Được tiếp nhận' });
    expectErrorBody(await h.call('GET', '/api/v1/tasks?procedure=abc', { token: tokens.officer }), 400, 'VALIDATION_FAILED');
  });

  it('lists the due-soon and overdue views and counts every view; another agency sees none', async () => {
    expect(await taskIds('due=soon')).toEqual([ids.an.taskId, ids.binh.taskId].sort());
    expect(await taskIds('due=overdue')).toEqual([]);
    expect((await counts()).counts).toEqual({ me: 0, group: 2, unassigned: 2, soon: 2, overdue: 0 });
    // the receipt of one dossier is now past due
    const past = new Date(Date.now() - 3 * 24 * HOUR);
    // (written directly — we cannot wait 8 working hours)
    await h.api.ds.getRepository(TaskEntity).update({ id: ids.an.taskId }, { dueAt: past });
    const overdue = await list('due=overdue');
    expect(overdue.map((t) => t.id)).toEqual([ids.an.taskId]);
    expect(overdue[0].overdue).toBe(true);
    expect(overdue[0].workingMsLeft).toBeLessThan(0);
    expect(await counts()).toEqual({ counts: { me: 0, group: 2, unassigned: 2, soon: 2, overdue: 1 }, cap: 999 });
    expect((await counts('applicant=Bình')).counts).toMatchObject({ group: 1, overdue: 0 });
    expect((await counts('', tokens.officer2)).counts).toEqual({ me: 0, group: 0, unassigned: 0, soon: 0, overdue: 0 });
    expect(await taskIds('', tokens.officer2)).toEqual([]);
  });

  // --- i11ws: national status and due-range filters, reassignment by a unit lead
  it('filters by national dossier status and by due range; the counts follow', async () => {
    // (after the tests above: binh is received — status 2 —, an's receipt is 3 days past due)
    expect(await taskIds('status=2')).toEqual([ids.binh.taskId]);
    expect(await taskIds('status=1')).toEqual([ids.an.taskId]);
    expect(await taskIds('status=1,2')).toEqual([ids.an.taskId, ids.binh.taskId].sort());
    expect(await taskIds('status=9,10')).toEqual([]);
    expectErrorBody(await h.call('GET', '/api/v1/tasks?status=11', { token: tokens.officer }), 400, 'VALIDATION_FAILED');
    const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    const now = Date.now();
    expect(await taskIds(`dueFrom=${iso(now - 4 * 24 * HOUR)}&dueTo=${iso(now - 2 * 24 * HOUR)}`)).toEqual([ids.an.taskId]);
    expect(await taskIds(`dueFrom=${iso(now)}`)).toEqual([ids.binh.taskId]);
    expect(await taskIds(`dueTo=${iso(now)}&status=2`)).toEqual([]);
    expectErrorBody(await h.call('GET', '/api/v1/tasks?dueFrom=tomorrow', { token: tokens.officer }), 400, 'VALIDATION_FAILED');
    expect((await counts('status=2')).counts).toEqual({ me: 0, group: 1, unassigned: 1, soon: 1, overdue: 0 });
    expect((await counts(`dueTo=${iso(now)}`)).counts).toMatchObject({ group: 1, overdue: 1 });
  });

  it('lets a unit lead reassign a task inside the unit, audited; refuses other units, other agencies and non-leads', async () => {
    const task = ids.binh.taskId;
    await h.call('POST', `/api/v1/tasks/${task}/claim`, { token: tokens.officer });
    // not a lead
    const notLead = await h.call('POST', `/api/v1/tasks/${task}/reassign`, { token: tokens.officer, json: { to: 'officer3' } });
    expectErrorBody(notLead, 403, 'NOT_UNIT_LEAD');
    // an officer of the same agency outside the unit
    const hctp = await h.call('POST', '/api/v1/users', {
      token: tokens.admin,
      json: { username: 'hctp1', fullName: 'Võ Văn Hành Chính', password: 'Demo@12345', roles: ['officer'], agency: 'STP', units: ['HCTP'] },
    });
    expect(hctp.status).toBe(201);
    const otherUnit = await h.call('POST', `/api/v1/tasks/${task}/reassign`, { token: tokens.lead, json: { to: 'hctp1' } });
    expectErrorBody(otherUnit, 422, 'REASSIGN_OUTSIDE_UNIT');
    expect(otherUnit.body.error.message).toContain('not a member of MOTCUA');
    // an officer of another agency (whose unit is also called MOTCUA)
    const otherAgency = await h.call('POST', `/api/v1/tasks/${task}/reassign`, { token: tokens.lead, json: { to: 'officer2' } });
    expectErrorBody(otherAgency, 422, 'REASSIGN_OUTSIDE_UNIT');
    expect(otherAgency.body.error.message).toContain('another agency');
    expectErrorBody(await h.call('POST', `/api/v1/tasks/${task}/reassign`, { token: tokens.lead, json: { to: 'nobody' } }), 422, 'REASSIGN_OUTSIDE_UNIT');
    expectErrorBody(await h.call('POST', `/api/v1/tasks/${task}/reassign`, { token: tokens.lead, json: {} }), 400, 'VALIDATION_FAILED');
    expect((await h.call('GET', `/api/v1/tasks/${task}`, { token: tokens.officer })).body.assignee).toBe('officer');

    // inside the unit: officer3 now holds it, officer no longer does
    const moved = await h.call('POST', `/api/v1/tasks/${task}/reassign`, { token: tokens.lead, json: { to: 'officer3' } });
    expect(moved.status).toBe(200);
    expect(moved.body.assignee).toBe('officer3');
    expect(await taskIds('assigned=me', tokens.officer3)).toEqual([task]);
    expect(await taskIds('assigned=me', tokens.officer)).toEqual([]);
    const audit = await h.api.ds.getRepository(AuditEntryEntity).findBy({ entity: 'task', entityId: task, action: 'task.reassign' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'lead', details: { from: 'officer', to: 'officer3', unit: 'MOTCUA', agency: 'STP' } });
    // the new holder completes it (the engine takes the completion by officer3)
    expectErrorBody(await h.call('POST', `/api/v1/tasks/${task}/complete`, { token: tokens.officer, json: { variables: {} } }), 403, 'FORBIDDEN');
  });
});

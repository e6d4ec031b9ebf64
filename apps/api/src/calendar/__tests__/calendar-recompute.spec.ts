/**
 * Issue #4 end to end: an admin changes the calendar, previews which open deadlines of running
 * dossiers move, applies — the inbox rows get the new due dates and the running workflow re-arms
 * its pending working-time timer at the new instant. Real API, real Temporal dev server (on a
 * free port), the real worker, a real database. Also the inbox's `overdue` flag and
 * `dueBefore` filter.
 */
import { computeDue, computeDueWith } from '@tthc/calendar';
import { GET_TIMERS_QUERY, type PendingTimerView } from '@tthc/contracts';
import { listAudit, loadWorkingCalendar, TaskEntity, testDatabaseKinds } from '@tthc/persistence';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// Apps never import each other in product code; this test (only) reads the worker's
// calendar check interval, hence the boundary exception.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { CALENDAR_CHECK_EVERY_MS } from '../../../../worker/src/activities';
import { expectErrorBody, type Harness } from '../../__tests__/support/api-harness';
import { startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from '../../__tests__/support/temporal-stack';

jest.setTimeout(180_000);

const TEMPORAL_PORT = 0; // a free port: no collision with other test runs
const xml = readFileSync(join(__dirname, 'fixtures/receipt-deadline.bpmn'), 'utf8');

const server = useTemporalDevServer(TEMPORAL_PORT, { tmpPrefix: 'tthc-cal-temporal-', lockPort: true, startTimeoutMs: 600_000 });

describe.each(testDatabaseKinds())('calendar recompute with Temporal on %s', (kind) => {
  let stack: ApiWithWorker;
  let h: Harness;
  let admin: string;
  let officer: string;
  const taskQueue = `calendar-recompute-${kind}`;

  beforeAll(async () => {
    stack = await startApiWithWorker(kind, server.address, taskQueue);
    h = stack.h;
    [admin, officer] = await Promise.all([h.login('admin'), h.login('officer')]);
    const analyst = await h.login('analyst');
    expect((await h.call('POST', '/api/v1/deployments', { token: analyst, body: xml, type: 'application/xml' })).status).toBe(201);
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function startReceipt(businessKey: string) {
    const started = await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'api-receipt', businessKey } });
    expect(started.status).toBe(201);
    const task = await until('the receipt task with its due date', async () => {
      const res = await h.call('GET', `/api/v1/tasks?instanceId=${started.body.id}`, { token: officer });
      return res.body.items?.[0]?.dueAt ? res.body.items[0] : undefined;
    });
    return { instanceId: started.body.id as string, workflowId: `pi/${started.body.id}`, task };
  }
  const timers = (workflowId: string) => stack.worker.client.workflow.getHandle(workflowId).query<PendingTimerView[]>(GET_TIMERS_QUERY);

  it('previews, then applies: the inbox row and the pending working-time timer move to the new due date', async () => {
    const { instanceId, workflowId, task } = await startReceipt('HS-CAL-1');
    expect(task.dueAt).toBe(new Date(computeDue({ from: task.createdAt, duration: 'PT8H', calendar: 'working' })).toISOString());
    expect(task.overdue).toBe(false);
    const [timer] = await until('the boundary timer armed', async () => ((await timers(workflowId))[0]?.fireAt ? timers(workflowId) : undefined));
    expect(timer.fireAt).toBe(task.dueAt);

    // nothing changed yet: nothing moves, but the instance would be told (it has a working-time timer)
    const idle = await h.call('POST', '/api/v1/calendar/recompute', { token: admin, json: {} });
    expect(idle.status).toBe(200);
    expect(idle.body).toMatchObject({ applied: false, moved: [] });
    expect(idle.body.instances).toContain(instanceId);

    // the day the deadline falls on becomes a day off
    const day = computeDue({ from: task.dueAt, duration: 'PT0S', calendar: 'absolute' }).slice(0, 10);
    const added = await h.call('POST', '/api/v1/calendar/overrides', {
      token: admin,
      json: { date: day, kind: 'swap-off', reason: 'Nghỉ phòng chống bão (kiểm thử)', legalReference: 'QĐ 3/TEST' },
    });
    expect(added.status).toBe(201);
    const newDue = new Date(computeDueWith(await loadWorkingCalendar(h.api.ds), { from: task.createdAt, duration: 'PT8H', calendar: 'working' })).toISOString();
    expect(newDue > task.dueAt).toBe(true);
    // adding the override shows the move but does not apply it
    expect(added.body.moved).toEqual([{ taskId: task.id, oldDue: expect.any(String), newDue: expect.any(String) }]);
    expect((await h.call('GET', `/api/v1/tasks/${task.id}`, { token: officer })).body.dueAt).toBe(task.dueAt);

    expectErrorBody(await h.call('POST', '/api/v1/calendar/recompute', { token: officer, json: { apply: true } }), 403, 'FORBIDDEN');
    expectErrorBody(await h.call('POST', '/api/v1/calendar/recompute', { token: admin, json: { apply: 'yes' } }), 400, 'VALIDATION_FAILED');

    const preview = await h.call('POST', '/api/v1/calendar/recompute', { token: admin, json: { apply: false } });
    expect(preview.body.moved).toEqual([{ taskId: task.id, instanceId, oldDue: task.dueAt, newDue }]);
    expect((await h.call('GET', `/api/v1/tasks/${task.id}`, { token: officer })).body.dueAt).toBe(task.dueAt);

    const applied = await h.call('POST', '/api/v1/calendar/recompute', { token: admin, json: { apply: true } });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, moved: [{ taskId: task.id, newDue }], updated: 1, failed: [] });
    expect(applied.body.notified).toBeGreaterThanOrEqual(1);
    expect((await h.call('GET', `/api/v1/tasks/${task.id}`, { token: officer })).body.dueAt).toBe(newDue);
    const moved = await until('the timer re-armed', async () => {
      const [t] = await timers(workflowId);
      return t?.fireAt === newDue ? t : undefined;
    });
    expect(moved).toMatchObject({ timerId: timer.timerId, elementId: 'Late', calendar: 'working' });

    // applied once: a second recompute finds nothing to move; the change is audited
    expect((await h.call('POST', '/api/v1/calendar/recompute', { token: admin, json: {} })).body.moved).toEqual([]);
    const audit = await listAudit(h.api.ds, { entity: 'calendar', limit: 10 });
    expect(audit.find((a) => a.action === 'calendar.deadlines.recompute')).toMatchObject({ actor: 'admin', details: { updated: [{ taskId: task.id, newDue }] } });
    expect((await h.call('POST', `/api/v1/process-instances/${instanceId}/cancel`, { token: officer })).status).toBe(202);
  });

  it('a new task after the change gets the new calendar without any recompute (the worker reads the database calendar)', async () => {
    await new Promise((r) => setTimeout(r, CALENDAR_CHECK_EVERY_MS + 100));
    const { task } = await startReceipt('HS-CAL-2');
    const expected = computeDueWith(await loadWorkingCalendar(h.api.ds), { from: task.createdAt, duration: 'PT8H', calendar: 'working' });
    expect(task.dueAt).toBe(new Date(expected).toISOString());
  });

  it('the inbox flags overdue open tasks and filters by dueBefore', async () => {
    const { task } = await startReceipt('HS-CAL-3');
    const list = async (query: string) => (await h.call('GET', `/api/v1/tasks?${query}`, { token: officer })).body.items.map((t: { id: string }) => t.id);
    const justAfter = new Date(new Date(task.dueAt).getTime() + 1).toISOString();
    expect(await list(`dueBefore=${encodeURIComponent(justAfter)}`)).toContain(task.id);
    expect(await list(`dueBefore=${encodeURIComponent(task.dueAt)}`)).not.toContain(task.id); // strictly before

    // time passes: the due date is now in the past (written directly — we cannot wait 8 working hours)
    await h.api.ds.getRepository(TaskEntity).update({ id: task.id }, { dueAt: new Date(Date.now() - 60_000) });
    const view = (await h.call('GET', `/api/v1/tasks/${task.id}`, { token: officer })).body;
    expect(view.overdue).toBe(true);
    expect(await list(`dueBefore=${encodeURIComponent(new Date().toISOString())}`)).toContain(task.id);
    // a closed task is never overdue
    await h.api.ds.getRepository(TaskEntity).update({ id: task.id }, { state: 'CANCELED' });
    expect((await h.call('GET', `/api/v1/tasks/${task.id}`, { token: officer })).body.overdue).toBe(false);
  });
});

/**
 * Instances and tasks end to end inside one process: the real API, a real Temporal dev
 * server (a free port), the real worker (runProcess + activities) and a real database.
 */
import { Client, Connection } from '@temporalio/client';
import { beginTaskCompletion, listAudit, testDatabaseKinds } from '@tthc/persistence';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectErrorBody, type Harness } from './support/api-harness';
import { startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from './support/temporal-stack';
import { RECONCILE_AFTER_MS, StaleCompletionSweeper } from '../tasks/stale-completion.sweeper';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

jest.setTimeout(120_000);

const TEMPORAL_PORT = 0; // a free port: no collision with other test runs
const reviewXml = readFileSync(join(__dirname, 'fixtures/review.bpmn'), 'utf8');

const server = useTemporalDevServer(TEMPORAL_PORT, { tmpPrefix: 'tthc-api-temporal-' });

describe.each(testDatabaseKinds())('instances and tasks with Temporal on %s', (kind) => {
  let stack: ApiWithWorker;
  let h: Harness;
  let officer: string;
  let officer2: string;
  let analyst: string;
  const taskQueue = `api-test-${kind}`;

  beforeAll(async () => {
    stack = await startApiWithWorker(kind, server.address, taskQueue);
    h = stack.h;
    [officer, officer2, analyst] = await Promise.all([h.login('officer'), h.login('officer2'), h.login('analyst')]);
    const dep = await h.call('POST', '/api/v1/deployments', { token: analyst, body: reviewXml, type: 'application/xml' });
    expect(dep.status).toBe(201);
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function startAndWaitForTask(businessKey: string) {
    const started = await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'api-review', businessKey, variables: { applicant: 'Nguyễn Văn A' } } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ processKey: 'api-review', version: 1, state: 'ACTIVE', businessKey });
    const task = await until('the review task in the inbox', async () => {
      const res = await h.call('GET', `/api/v1/tasks?instanceId=${started.body.id}`, { token: officer });
      return res.body.items?.[0];
    });
    return { instanceId: started.body.id as string, task };
  }

  it('reports Temporal and the database healthy', async () => {
    // polled like a load balancer would: the first check may still be connecting on a busy machine
    const res = await until('a green health check', async () => {
      const r = await h.call('GET', '/api/v1/health');
      return r.status === 200 && r;
    });
    expect(res.body).toMatchObject({ status: 'ok', database: { ok: true }, temporal: { ok: true } });
  });

  it('runs an instance: task in the inbox, exactly one of two concurrent completions wins, instance completes', async () => {
    const { instanceId, task } = await startAndWaitForTask('HS-001');
    expect(task).toMatchObject({ elementId: 'Review', name: 'Xem xét', agency: 'STP', candidateGroups: ['MOTCUA'], state: 'OPEN' });

    // an officer of another agency neither sees nor completes it
    const other = await h.call('GET', '/api/v1/tasks', { token: officer2 });
    expect(other.body.items.map((t: { id: string }) => t.id)).not.toContain(task.id);
    // … answered like unknown ids (404): another agency's ids are not confirmed
    expectErrorBody(await h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer2, json: { variables: {} } }), 404, 'NOT_FOUND');
    const foreign = await h.call('GET', `/api/v1/process-instances/${instanceId}`, { token: officer2 });
    expect(foreign).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: `process instance ${instanceId} not found` } } });

    const [a, b] = await Promise.all([
      h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: { variables: { approved: true } } }),
      h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: { variables: { approved: false } } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    // the loser arrives while the winner's completion is in flight (TASK_COMPLETING) or after it (TASK_ALREADY_COMPLETED)
    expect(['TASK_COMPLETING', 'TASK_ALREADY_COMPLETED']).toContain(loser.body.error.code);
    const winner = a.status === 200 ? a : b;
    expect(winner.body).toMatchObject({ id: task.id, state: 'COMPLETED', completedBy: 'officer' });
    // the completed row keeps what the winning call submitted (a sent approved: true, b false)
    expect(winner.body.variables).toMatchObject({ applicant: 'Nguyễn Văn A', approved: winner === a });

    // and once more, sequentially
    expectErrorBody(await h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: {} }), 409, 'TASK_ALREADY_COMPLETED');

    const done = await until('the instance to complete', async () => {
      const res = await h.call('GET', `/api/v1/process-instances/${instanceId}`, { token: officer });
      return res.body.state === 'COMPLETED' && res.body;
    });
    expect(done).toMatchObject({ id: instanceId, activeElementIds: [], variables: expect.objectContaining({ applicant: 'Nguyễn Văn A' }) });

    const history = await h.call('GET', `/api/v1/process-instances/${instanceId}/history`, { token: officer });
    expect(history.body.elements.map((e: { elementId: string; state: string }) => `${e.elementId}:${e.state}`)).toEqual(['api-review:COMPLETED', 'Start:COMPLETED', 'Review:COMPLETED', 'End:COMPLETED']);
    expect(history.body.elements[2]).toMatchObject({ elementType: 'userTask', by: 'officer' });
    expect(history.body.events.map((e: { action: string }) => e.action)).toEqual(['process-instance.start', 'task.complete']);

    const list = await h.call('GET', '/api/v1/process-instances?processKey=api-review&state=COMPLETED', { token: officer });
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(instanceId);
  });

  it('reconciles within seconds a completion cut off before it reached the workflow, and audits the real one once', async () => {
    const { task } = await startAndWaitForTask('HS-CUT');
    // what an API process did just before it was killed: OPEN → COMPLETING, no update sent
    await beginTaskCompletion(h.db.ds, task.id);
    const inbox = await h.call('GET', '/api/v1/tasks', { token: officer });
    expect(inbox.body.items.find((t: { id: string }) => t.id === task.id)).toMatchObject({ state: 'COMPLETING' });
    expectErrorBody(await h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: {} }), 409, 'TASK_COMPLETING');
    // the workflow says the task is still open: reopened on the first pass past RECONCILE_AFTER_MS (not after the 2-minute lease)
    const sweeper = stack.h.api.app.get(StaleCompletionSweeper);
    await expect(sweeper.sweep(Date.now() + RECONCILE_AFTER_MS + 1000)).resolves.toEqual([task.id]);
    expect((await h.call('GET', `/api/v1/tasks/${task.id}`, { token: officer })).body.state).toBe('OPEN');
    const done = await h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: { variables: { approved: true } } });
    expect(done.body).toMatchObject({ state: 'COMPLETED', completedBy: 'officer' });
    const entries = await listAudit(h.db.ds, { entity: 'task', entityId: task.id, limit: 10 });
    expect(entries.filter((e) => e.action === 'task.complete')).toEqual([expect.objectContaining({ actor: 'officer', details: expect.objectContaining({ variables: { approved: true } }) })]);
  });

  it('cancels a running instance', async () => {
    const { instanceId, task } = await startAndWaitForTask('HS-002');
    const res = await h.call('POST', `/api/v1/process-instances/${instanceId}/cancel`, { token: officer });
    expect(res.status).toBe(202);
    await until('the instance to be canceled', async () => {
      const inst = await h.call('GET', `/api/v1/process-instances/${instanceId}`, { token: officer });
      return inst.body.state === 'CANCELED';
    });
    // the worker closes the inbox row as part of the cancellation (maybe just after the projection)
    await until('the task to be canceled', async () => (await h.call('GET', `/api/v1/tasks/${task.id}`, { token: officer })).body.state === 'CANCELED');
    expectErrorBody(await h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: {} }), 409, 'TASK_ALREADY_COMPLETED');
    expectErrorBody(await h.call('POST', `/api/v1/process-instances/${instanceId}/cancel`, { token: officer }), 409, 'CONFLICT');
  });

  it('cancel always works: a workflow that cannot process it is terminated and the projection follows', async () => {
    const { instanceId, task } = await startAndWaitForTask('HS-STUCK');
    // replace the instance's workflow by one whose every workflow task fails (a type no worker knows)
    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection, dataConverter: TTHC_DATA_CONVERTER });
      const workflowId = `pi/${instanceId}`;
      await client.workflow.getHandle(workflowId).terminate('test: replaced by a stuck workflow');
      await client.workflow.start('noSuchWorkflowType', { taskQueue, workflowId, args: [] });
      await until('a failed workflow task', async () => ((await client.workflow.getHandle(workflowId).describe()).raw.pendingWorkflowTask?.attempt ?? 0) >= 2);

      const res = await h.call('POST', `/api/v1/process-instances/${instanceId}/cancel`, { token: officer });
      expect(res).toMatchObject({ status: 202, body: { id: instanceId, state: 'CANCELED' } });
      expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('TERMINATED');
      expect((await h.call('GET', `/api/v1/process-instances/${instanceId}`, { token: officer })).body).toMatchObject({ state: 'CANCELED', activeElementIds: [] });
      expect((await h.call('GET', `/api/v1/tasks/${task.id}`, { token: officer })).body.state).toBe('CANCELED');
      const history = await h.call('GET', `/api/v1/process-instances/${instanceId}/history`, { token: officer });
      expect(history.body.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['process-instance.cancel', 'process-instance.terminate']));
    } finally {
      await connection.close();
    }
  });

  it('shows an incident on the instance and retries it with corrected variables', async () => {
    const xml = readFileSync(join(__dirname, 'fixtures/incident.bpmn'), 'utf8');
    expect((await h.call('POST', '/api/v1/deployments', { token: analyst, body: xml, type: 'application/xml' })).status).toBe(201);
    const started = await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'api-incident' } });
    const id = started.body.id;
    const withIncident = await until('an incident', async () => {
      const res = await h.call('GET', `/api/v1/process-instances/${id}`, { token: officer });
      return res.body.incidents?.length > 0 && res.body;
    });
    expect(withIncident.incidents[0]).toMatchObject({ elementId: 'call', message: expect.stringContaining('registry unavailable') });
    expectErrorBody(await h.call('POST', `/api/v1/process-instances/${id}/incidents/nope/retry`, { token: officer, json: {} }), 404, 'NOT_FOUND');
    const retried = await h.call('POST', `/api/v1/process-instances/${id}/incidents/${withIncident.incidents[0].id}/retry`, { token: officer, json: { variables: { fixed: true } } });
    expect(retried).toMatchObject({ status: 200, body: { retried: true } });
    const done = await until('the instance to complete', async () => {
      const res = await h.call('GET', `/api/v1/process-instances/${id}`, { token: officer });
      return res.body.state === 'COMPLETED' && res.body;
    });
    expect(done.incidents).toEqual([]);
  });

  it('starts a process with a message start event, once per correlation key', async () => {
    const xml = readFileSync(join(__dirname, 'fixtures/message-start.bpmn'), 'utf8');
    expect((await h.call('POST', '/api/v1/deployments', { token: analyst, body: xml, type: 'application/xml' })).status).toBe(201);
    const first = await h.call('POST', '/api/v1/messages', { token: officer, json: { name: 'application-submitted', correlationKey: 'HS-MSG-1', variables: { applicant: 'Trần Thị B' } } });
    expect(first.status).toBe(202);
    expect(first.body.started).toHaveLength(1);
    const instanceId = first.body.started[0];
    const task = await until('the receive task', async () => (await h.call('GET', `/api/v1/tasks?instanceId=${instanceId}`, { token: officer })).body.items?.[0]);
    expect(task).toMatchObject({ elementId: 'Receive', businessKey: 'HS-MSG-1' });
    expect((await h.call('GET', `/api/v1/process-instances/${instanceId}`, { token: officer })).body.variables).toMatchObject({ applicant: 'Trần Thị B' });

    const again = await h.call('POST', '/api/v1/messages', { token: officer, json: { name: 'application-submitted', correlationKey: 'HS-MSG-1' } });
    expect(again.body.started).toEqual([]);
    const other = await h.call('POST', '/api/v1/messages', { token: officer, json: { name: 'application-submitted', correlationKey: 'HS-MSG-2' } });
    expect(other.body.started).toHaveLength(1);
    // an officer of another agency publishing the same message starts nothing there, and is told
    // nothing about the other agency's processes (the same 404 as for an unknown name)
    const foreign = await h.call('POST', '/api/v1/messages', { token: officer2, json: { name: 'application-submitted', correlationKey: 'HS-MSG-3' } });
    expectErrorBody(foreign, 404, 'MESSAGE_NOT_CORRELATED');
  });

  it('correlates a message to the waiting instance with that key, offering it only to processes that catch it', async () => {
    const xml = readFileSync(join(__dirname, 'fixtures/wait-payment.bpmn'), 'utf8');
    expect((await h.call('POST', '/api/v1/deployments', { token: analyst, body: xml, type: 'application/xml' })).status).toBe(201);
    await startAndWaitForTask('HS-003'); // an api-review instance: it cannot catch payment-received
    const start = (code: string) => h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'api-wait-payment', variables: { dossierCode: code } } });
    const [a, b] = [(await start('HS-A')).body.id, (await start('HS-B')).body.id];
    const stateOf = async (id: string) => (await h.call('GET', `/api/v1/process-instances/${id}`, { token: officer })).body.state;
    await until('both to wait for payment', async () => (await h.call('GET', `/api/v1/process-instances/${b}`, { token: officer })).body.activeElementIds?.includes('WaitPaid'));

    const msg = await h.call('POST', '/api/v1/messages', { token: officer, json: { name: 'payment-received', correlationKey: 'HS-B', variables: { paid: 150000 } } });
    expect(msg.status).toBe(202);
    expect(msg.body.offered).toBe(2); // the two api-wait-payment instances, not the api-review ones
    await until('HS-B to complete', async () => (await stateOf(b)) === 'COMPLETED');
    expect(await stateOf(a)).toBe('ACTIVE');
    expect((await h.call('GET', `/api/v1/process-instances/${b}`, { token: officer })).body.variables).toMatchObject({ paid: 150000 });

    const sig = await h.call('POST', '/api/v1/signals', { token: officer, json: { name: 'holiday' } });
    expect(sig).toMatchObject({ status: 202, body: { offered: 0, started: [] } });
    expectErrorBody(await h.call('POST', '/api/v1/messages', { token: officer, json: {} }), 400, 'VALIDATION_FAILED');
  });
});

/**
 * The runProcess adapter end to end: real Temporal dev server, real database, the
 * product worker with its real activities. Each test drives a process the way the API
 * and operators do (start, completeTask update, signals, retryIncident) and checks what
 * a user would see: inbox rows, instance projection, history, workflow result.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { COMPLETE_TASK_UPDATE, DELIVER_MESSAGE_SIGNAL, GET_STATE_QUERY, MODIFY_INSTANCE_UPDATE, RUN_PROCESS_WORKFLOW, type RunProcessInput, RETRY_INCIDENT_UPDATE, type CompleteTaskArgs, type CompleteTaskResult, type ModifyInstanceArgs, type ProcessStateView } from '@tthc/contracts';
import { computeDue } from '@tthc/calendar';
import { getElementHistory, withInsertRefused } from '@tthc/persistence';
import { createServer, type Server } from 'node:http';
import { fixture } from '../testing/fixtures';
import { ProcessHarness, type Deployed, type Started } from '../testing/process-harness';
import { countRefusals } from '../testing/refusal-count';

jest.setTimeout(120_000);

let h: ProcessHarness;
let defs: Record<string, Deployed>;
/** statements the database refused so far (withInsertRefused) */
let refused: () => number;

beforeAll(async () => {
  h = await ProcessHarness.create();
  refused = countRefusals(h.ds);
  defs = {};
  for (const file of ['approval', 'incident', 'unknown-type', 'supplement-message', 'short-timer', 'call-child', 'review-loop', 'message-interrupts-job', 'child-escalation']) {
    Object.assign(defs, await h.deploy(fixture(`${file}.bpmn`)));
  }
}, 900_000); // may wait for another test file's turn on the dev server port

afterAll(async () => {
  await h?.close();
});

const complete = (handle: Started['handle'], taskId: string, variables: Record<string, unknown> = {}, by = 'officer1') =>
  handle.executeUpdate<CompleteTaskResult, [CompleteTaskArgs]>(COMPLETE_TASK_UPDATE, { args: [{ taskId, variables, by }] });

describe('user task → service task → end', () => {
  it('creates the inbox row, completes through the update, runs the service task and ends', async () => {
    // given
    const run = await h.start(defs.approval, { applicant: 'Nguyễn Văn A' });
    // when the task appears in the inbox
    const task = await h.openTask(run.instanceId, 'review');
    // then it carries what the inbox shows
    expect(task).toMatchObject({ name: 'Thẩm định hồ sơ', step: 'review', candidateGroups: ['officers'], agency: 'SO-TP', processKey: 'approval' });
    // tthc:due="PT8H" counts Vietnamese working time (one working day), not 8 clock hours
    // (agency SO-TP has no office hours of its own: the national ones apply)
    const expectedDue = computeDue({ from: task.createdAt.toISOString(), duration: 'PT8H', calendar: 'working' });
    expect(task.dueAt!.toISOString()).toBe(new Date(expectedDue).toISOString());

    // when an officer completes it
    const answer = await complete(run.handle, task.id, { approved: true });
    expect(answer).toEqual({ taskId: task.id, completed: true });
    // then the row is closed by the time the update answers
    expect(await h.task(task.id)).toMatchObject({ state: 'COMPLETED', completedBy: 'officer1' });

    const result = await run.result();
    expect(result).toMatchObject({ state: 'COMPLETED', variables: { applicant: 'Nguyễn Văn A', approved: true, certificate: 'GCN-001' } });
    const instance = await h.instance(run.instanceId);
    expect(instance).toMatchObject({ state: 'COMPLETED', activeElements: {} });
    const history = await getElementHistory(h.ds, run.instanceId);
    const completed = history.filter((e) => e.state === 'COMPLETED').map((e) => e.elementId);
    expect(completed).toEqual(expect.arrayContaining(['start', 'review', 'decide', 'issue', 'done']));
    expect(completed).not.toContain('rejected');
    expect(history.find((e) => e.elementId === 'review')?.by).toBe('officer1');
  });

  it('completes a task exactly once when completed twice concurrently', async () => {
    const run = await h.start(defs.approval);
    const task = await h.openTask(run.instanceId, 'review');
    const answers = await Promise.all([complete(run.handle, task.id, { approved: false }), complete(run.handle, task.id, { approved: true })]);
    expect(answers.map((a) => a.completed).sort()).toEqual([false, true]);
    const result = await run.result();
    // the winner's variables decided the path, the loser's were not applied
    const winner = answers[0].completed ? false : true;
    expect(result.variables.approved).toBe(winner);
    const history = await getElementHistory(h.ds, run.instanceId);
    expect(history.filter((e) => e.elementId === 'review')).toHaveLength(1);
  });

  it('rejects a completion of an unknown task without touching the instance', async () => {
    const run = await h.start(defs.approval);
    const task = await h.openTask(run.instanceId, 'review');
    await expect(complete(run.handle, 'no-such-task')).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(complete(run.handle, 'no-such-task')).rejects.toMatchObject({ cause: { type: 'UNKNOWN_TASK' } });
    const state = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
    expect(state.activeElements).toEqual({ review: 1 });
    await complete(run.handle, task.id, { approved: false });
    expect((await run.result()).state).toBe('COMPLETED');
  });
});

describe('worker restart', () => {
  it('a fresh worker replays the instance and the open task still completes it', async () => {
    const run = await h.start(defs.approval);
    const task = await h.openTask(run.instanceId, 'review');
    await h.restartWorker();
    expect(await complete(run.handle, task.id, { approved: true })).toEqual({ taskId: task.id, completed: true });
    expect(await run.result()).toMatchObject({ state: 'COMPLETED', variables: { certificate: 'GCN-001' } });
  });
});

describe('incidents', () => {
  it('raises an incident after the retries, and an operator retries it after fixing variables', async () => {
    const run = await h.start(defs.incident);
    const state = await h.waitFor('incident', async () => {
      const s = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
      return s.incidents.length > 0 && s;
    });
    expect(state.incidents[0]).toMatchObject({ elementId: 'call', message: expect.stringContaining('registry unavailable') });
    expect(state.state).toBe('ACTIVE');
    // the projection the API reads shows it too
    const projected = await h.waitFor('incident in the projection', async () => {
      const row = await h.instance(run.instanceId);
      return (row?.incidents?.length ?? 0) > 0 && row;
    });
    expect(projected.incidents[0]).toMatchObject({ id: state.incidents[0].id, elementId: 'call' });

    // retrying without the fix raises a new incident; with the fix the task passes
    const retried = await run.handle.executeUpdate(RETRY_INCIDENT_UPDATE, { args: [{ incidentId: state.incidents[0].id, variables: { fixed: true } }] });
    expect(retried).toEqual({ incidentId: state.incidents[0].id, retried: true });
    const result = await run.result();
    expect(result).toMatchObject({ state: 'COMPLETED', variables: { fixed: true } });
    expect((await h.instance(run.instanceId))?.incidents).toEqual([]);
    await expect(
      run.handle.executeUpdate(RETRY_INCIDENT_UPDATE, { args: [{ incidentId: 'nope' }] }),
    ).rejects.toBeInstanceOf(Error);
  });

  it('an unknown task type is an incident at once, naming the type', async () => {
    const run = await h.start(defs.unknownType);
    const state = await h.waitFor('incident', async () => {
      const s = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
      return s.incidents.length > 0 && s;
    });
    expect(state.incidents[0].message).toMatch(/no service task handler for type "no-such-worker"/);
    await run.handle.signal('cancel');
    expect((await run.result()).state).toBe('CANCELED');
  });
});

describe('an operator update that ends the run while another event arrives', () => {
  /**
   * `update` answers after its progress write (a local activity in the update's workflow task). The database refuses
   * the run's element history for a while, so that task stays open; a message nobody waits for arrives meanwhile.
   * If the run ended in that task, the server would refuse the task (UnhandledCommand) after the writes were made,
   * and the update with it (tthc-operator-update-not-last-task: the run takes one more task first).
   */
  async function withEventDuringWrite<T>(run: Started, update: () => Promise<T>): Promise<T> {
    const before = refused();
    const { answer } = await withInsertRefused(h.db, 'element_history', `NEW.instance_id = '${run.instanceId}'`, async () => {
      const answer = update();
      answer.catch(() => undefined);
      await h.waitFor('a refused progress write', async () => refused() > before);
      await run.handle.signal(DELIVER_MESSAGE_SIGNAL, { name: 'nobody-waits', variables: { late: true } });
      return { answer };
    });
    return answer;
  }

  it('retryIncident: the update answers, the run completes and the projection shows it once', async () => {
    const run = await h.start(defs.incident);
    const incident = await h.waitFor('incident', async () => (await run.handle.query<ProcessStateView>(GET_STATE_QUERY)).incidents[0]);
    const retried = await withEventDuringWrite(run, () => run.handle.executeUpdate(RETRY_INCIDENT_UPDATE, { args: [{ incidentId: incident.id, variables: { fixed: true } }] }));
    expect(retried).toEqual({ incidentId: incident.id, retried: true });
    expect(await run.result()).toMatchObject({ state: 'COMPLETED', variables: { fixed: true } });
    expect(await h.instance(run.instanceId)).toMatchObject({ state: 'COMPLETED', incidents: [] });
    const history = await getElementHistory(h.ds, run.instanceId);
    expect(history.filter((e) => e.elementId === 'end').map((e) => e.state)).toEqual(['COMPLETED']);
  });

  it('modifyInstance: the update answers, the run completes on the path the operator chose', async () => {
    const run = await h.start(defs.approval);
    const task = await h.openTask(run.instanceId, 'review');
    const modify: ModifyInstanceArgs = { instructions: [{ kind: 'move', from: 'review', to: 'issue', variables: { approved: true } }], reason: 'đã thẩm định trên giấy', by: 'analyst' };
    const answer = await withEventDuringWrite(run, () => run.handle.executeUpdate<{ activeElements: Record<string, number> }, [ModifyInstanceArgs]>(MODIFY_INSTANCE_UPDATE, { args: [modify] }));
    expect(answer.activeElements.review).toBeUndefined();
    expect(await run.result()).toMatchObject({ state: 'COMPLETED', variables: { approved: true, certificate: 'GCN-001' } });
    expect(await h.instance(run.instanceId)).toMatchObject({ state: 'COMPLETED', activeElements: {} });
    expect((await h.task(task.id))?.state).toBe('CANCELED');
    const history = await getElementHistory(h.ds, run.instanceId);
    expect(history.filter((e) => e.elementId === 'done').map((e) => e.state)).toEqual(['COMPLETED']);
  });
});

describe('cancel, messages, timers, call activities', () => {
  it('cancel closes the open inbox row and ends CANCELED', async () => {
    const run = await h.start(defs.approval);
    const task = await h.openTask(run.instanceId, 'review');
    await run.handle.signal('cancel');
    expect((await run.result()).state).toBe('CANCELED');
    expect((await h.task(task.id))?.state).toBe('CANCELED');
    expect((await h.instance(run.instanceId))?.state).toBe('CANCELED');
  });

  it('a message with the right correlation key continues the instance; another key does not', async () => {
    const run = await h.start(defs.supplement, { dossierCode: 'HS-001' });
    await h.waitFor('waiting', async () => (await run.handle.query<ProcessStateView>(GET_STATE_QUERY)).activeElements.waitSupplement === 1);
    await run.handle.signal('deliverMessage', { name: 'supplement', correlationKey: 'HS-999', variables: { wrong: true } });
    await run.handle.signal('deliverMessage', { name: 'supplement', correlationKey: 'HS-001', variables: { pages: 3 } });
    const result = await run.result();
    expect(result.variables).toMatchObject({ pages: 3 });
    expect(result.variables.wrong).toBeUndefined();
  });

  it('a message delivered with the start (signalWithStart) acts after the start: it interrupts the first task', async () => {
    const def = defs.withdrawable;
    const instanceId = randomUUID();
    const input: RunProcessInput = { definitionId: def.definitionId, definitionHash: def.hash, processKey: def.key, version: def.version, instanceId, variables: { dossierCode: 'HS-7' }, graph: def.graph };
    const handle = await h.client.workflow.signalWithStart(RUN_PROCESS_WORKFLOW, {
      taskQueue: h.taskQueue,
      workflowId: `pi/${instanceId}`,
      args: [input],
      signal: DELIVER_MESSAGE_SIGNAL,
      signalArgs: [{ name: 'withdraw', correlationKey: 'HS-7' }],
    });
    expect((await handle.result()).state).toBe('COMPLETED');
    const history = await getElementHistory(h.ds, instanceId);
    expect(history.find((e) => e.elementId === 'closed')?.state).toBe('COMPLETED');
    expect(history.find((e) => e.elementId === 'register')?.state).toBe('TERMINATED');
    expect(history.find((e) => e.elementId === 'registered')).toBeUndefined();
  });

  it('a timer fires and the instance goes on', async () => {
    const run = await h.start(defs.shortTimer);
    const result = await run.result();
    expect(result.state).toBe('COMPLETED');
    const history = await getElementHistory(h.ds, run.instanceId);
    const wait = history.find((e) => e.elementId === 'wait')!;
    expect(wait.endedAt!.getTime() - wait.startedAt.getTime()).toBeGreaterThanOrEqual(1000);
  });

  it('a call activity runs the called process as a child workflow and takes its variables', async () => {
    const run = await h.start(defs.parentProc, { applicant: 'B' });
    const result = await run.result();
    expect(result).toMatchObject({ state: 'COMPLETED', variables: { childResult: 42 } });
    const children = await h.ds.query(`SELECT id, state, process_key FROM process_instances WHERE process_key = 'childProc'`);
    expect(children.some((c: { state: string }) => c.state === 'COMPLETED')).toBe(true);
  });
});

describe('escalation from a called process', () => {
  it('reaches the call activity: the interrupting boundary event cancels the child and takes its path', async () => {
    const run = await h.start(defs.escalatingParent);
    const notify = await h.openTask(run.instanceId, 'notify');
    // the called instance (its own projection row, written by its workflow) ends CANCELED
    await h.waitFor('child cancelled', async () => {
      const rows: Array<{ state: string }> = await h.ds.query(`SELECT state FROM process_instances WHERE process_key = 'escalatingChild'`);
      return rows.length === 1 && rows[0].state === 'CANCELED';
    });
    // its open task left the inbox (closed by the cancelled child's own activity)
    await h.waitFor('child task closed', async () => {
      const rows: Array<{ state: string }> = await h.ds.query(`SELECT state FROM tasks WHERE process_key = 'escalatingChild'`);
      return rows.length === 1 && rows[0].state === 'CANCELED';
    });
    await complete(run.handle, notify.id);
    expect((await run.result()).state).toBe('COMPLETED');
    const history = await getElementHistory(h.ds, run.instanceId);
    expect(history.find((e) => e.elementId === 'call')?.state).toBe('TERMINATED');
    expect(history.find((e) => e.elementId === 'e2')?.state).toBe('COMPLETED');
    expect(history.find((e) => e.elementId === 'e')).toBeUndefined();
  });
});

describe('http service task', () => {
  let server: Server;
  let received: unknown[];
  beforeAll(async () => {
    received = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ receiptNo: 'BN-77' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts the variables to the configured URL and stores the answer', async () => {
    const { port } = server.address() as { port: number };
    const deployed = await h.deploy(fixture('http-call.bpmn').replace('URL_PLACEHOLDER', `http://127.0.0.1:${port}/receipts`));
    const run = await h.start(deployed.httpCall, { fee: 50000 });
    const result = await run.result();
    expect(received).toEqual([{ fee: 50000 }]);
    expect(result.variables.portal).toEqual({ receiptNo: 'BN-77' });
  });
});

describe('continueAsNew', () => {
  it('carries open tasks and completed ids over a new run when the history grows', async () => {
    const run = await h.start(defs.reviewLoop, {}, { historyLimit: 15 });
    const firstRunId = (await run.handle.describe()).runId;
    for (let round = 0; round < 4; round++) {
      const task = await h.openTask(run.instanceId, 'review');
      expect(await complete(run.handle, task.id, { done: round === 3 })).toEqual({ taskId: task.id, completed: true });
      // a repeated completion, even after continue-as-new, never completes twice (the last one ended the instance)
      if (round < 3) expect(await complete(run.handle, task.id)).toEqual({ taskId: task.id, completed: false });
    }
    const result = await run.result();
    expect(result.state).toBe('COMPLETED');
    expect((await run.handle.describe()).runId).not.toBe(firstRunId);
    const history = await getElementHistory(h.ds, run.instanceId);
    expect(history.filter((e) => e.elementId === 'review' && e.state === 'COMPLETED')).toHaveLength(4);
  });
});

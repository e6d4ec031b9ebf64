/**
 * Poison instances (patch tthc-poison-incidents): every deterministic failure of a workflow
 * task — an unknown start event, a FEEL expression that iterates too much or builds a
 * result too large, a state over Temporal's payload limit — is an incident on the element,
 * visible in the state and the projection, retryable and cancellable, and never slows the
 * healthy instances running beside it. Real dev server, real database, the product worker.
 */
import { CANCEL_SIGNAL, COMPLETE_TASK_UPDATE, GET_STATE_QUERY, RETRY_INCIDENT_UPDATE, type CompleteTaskArgs, type CompleteTaskResult, type ProcessStateView } from '@tthc/contracts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixture } from '../testing/fixtures';
import { ProcessHarness, type Deployed, type Started } from '../testing/process-harness';

jest.setTimeout(180_000);

let h: ProcessHarness;
let defs: Record<string, Deployed>;

beforeAll(async () => {
  h = await ProcessHarness.create();
  defs = { ...(await h.deploy(fixture('poison.bpmn'))), ...(await h.deploy(fixture('approval.bpmn'))) };
}, 900_000);

afterAll(async () => {
  await h?.close();
});

const healthy = { n: 1, chunk: 'ok' };
const tooLong = { n: 10_000_000, chunk: 1 };
const tooLarge = { n: 25, chunk: 'x'.repeat(100_000) };

async function incidentOf(run: Started) {
  const state = await h.waitFor('an incident in the state', async () => {
    const s = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
    return s.incidents.length > 0 && s;
  });
  const row = await h.waitFor('the incident in the projection', async () => {
    const r = await h.instance(run.instanceId);
    return (r?.incidents?.length ?? 0) > 0 && r;
  });
  expect(row.incidents).toEqual(state.incidents);
  expect(row.state).toBe('ACTIVE');
  return state.incidents[0];
}

async function cancelAndCheck(run: Started) {
  await run.handle.signal(CANCEL_SIGNAL);
  expect((await run.result()).state).toBe('CANCELED');
  const row = await h.waitFor('the CANCELED projection', async () => {
    const r = await h.instance(run.instanceId);
    return r?.state === 'CANCELED' && r;
  });
  expect(row.incidents).toEqual([]);
}

describe('a deterministic failure is an incident, not a workflow task retried forever', () => {
  it('an unknown start event: incident on that element; retry fails the same way; cancel ends the instance', async () => {
    const run = await h.start(defs.poison, healthy, { startEventId: 'no-such-start' });
    const incident = await incidentOf(run);
    expect(incident).toMatchObject({ elementId: 'no-such-start', message: expect.stringContaining("'no-such-start' is not a start event of the process") });
    // a retry runs the start again: same failure, a new incident replaces the old one
    await run.handle.executeUpdate(RETRY_INCIDENT_UPDATE, { args: [{ incidentId: incident.id }] });
    const again = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
    expect(again.incidents).toEqual([expect.objectContaining({ elementId: 'no-such-start' })]);
    expect(again.incidents[0].id).not.toBe(incident.id);
    await cancelAndCheck(run);
  });

  it('a FEEL expression that iterates too much: incident on the script task; retry with fixed variables goes on', async () => {
    const run = await h.start(defs.poison, tooLong);
    const incident = await incidentOf(run);
    expect(incident).toMatchObject({ elementId: 'compute', message: expect.stringContaining('list/range elements visited') });
    await run.handle.executeUpdate(RETRY_INCIDENT_UPDATE, { args: [{ incidentId: incident.id, variables: { n: 2 } }] });
    const task = await h.openTask(run.instanceId, 'review');
    expect(task.state).toBe('OPEN');
    expect((await h.instance(run.instanceId))?.incidents).toEqual([]);
    await cancelAndCheck(run);
    expect((await h.task(task.id))?.state).toBe('CANCELED');
  });

  it('a FEEL result over the size limit: incident on the script task; cancel works', async () => {
    const run = await h.start(defs.poison, tooLarge);
    const incident = await incidentOf(run);
    expect(incident).toMatchObject({ elementId: 'compute', message: expect.stringContaining('over the limit of') });
    await cancelAndCheck(run);
  });

  it('a completion that would make the state exceed the payload limit: incident on the task, retried with smaller variables', async () => {
    const run = await h.start(defs.approval);
    const task = await h.openTask(run.instanceId, 'review');
    const answer = await run.handle.executeUpdate<CompleteTaskResult, [CompleteTaskArgs]>(COMPLETE_TASK_UPDATE, {
      args: [{ taskId: task.id, variables: { approved: true, scan: 'x'.repeat(1_600_000) }, by: 'officer1' }],
    });
    expect(answer.completed).toBe(true);
    const incident = await incidentOf(run);
    expect(incident).toMatchObject({ elementId: 'review', message: expect.stringContaining('over the limit of') });
    await run.handle.executeUpdate(RETRY_INCIDENT_UPDATE, { args: [{ incidentId: incident.id, variables: { scan: null } }] });
    const result = await run.result();
    expect(result).toMatchObject({ state: 'COMPLETED', variables: { approved: true, scan: null, certificate: 'GCN-001' } });
  });
});

describe('a service task result over the payload limit', () => {
  let server: Server;
  beforeAll(async () => {
    // a portal that answers 1.5 MB: Temporal would refuse the activity result on every attempt
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ blob: 'x'.repeat(1_500_000) }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('is an incident on the service task naming the size and the limit, not an activity retried forever', async () => {
    const { port } = server.address() as AddressInfo;
    const deployed = await h.deploy(fixture('http-call.bpmn').replace('URL_PLACEHOLDER', `http://127.0.0.1:${port}/big`));
    const run = await h.start(deployed.httpCall);
    const incident = await incidentOf(run);
    expect(incident).toMatchObject({ elementId: 'post', message: expect.stringMatching(/is \d+ bytes, over the limit of 1048576/) });
    await cancelAndCheck(run);
  });
});

describe('poison instances do not stall healthy ones', () => {
  it('20 healthy instances started beside 10 poison ones all reach their first task while the poison ones are in incident', async () => {
    const poisonInputs = [tooLong, tooLarge, healthy];
    const poison = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 3 === 2 ? h.start(defs.poison, healthy, { startEventId: 'nope' }) : h.start(defs.poison, poisonInputs[i % 3]))),
    );
    const runs = await Promise.all(Array.from({ length: 20 }, () => h.start(defs.poison, healthy)));
    // generous: 30 starts at once on a loaded 2-core machine
    const tasks = await Promise.all(runs.map((run) => h.openTask(run.instanceId, 'review', 150_000)));
    expect(tasks).toHaveLength(20);
    for (const t of tasks) expect(t.state).toBe('OPEN');
    const incidents = await Promise.all(poison.map((run) => incidentOf(run)));
    expect(incidents.map((i) => i.elementId).sort()).toEqual([...Array(3).fill('nope'), ...Array(7).fill('compute')].sort());
    await Promise.all([...poison, ...runs].map((run) => run.handle.signal(CANCEL_SIGNAL)));
    expect((await Promise.all(poison.map((run) => run.result()))).map((r) => r.state)).toEqual(Array(10).fill('CANCELED'));
  });
});

/**
 * Cheap steps (docs/worker.md): pure built-in types (`noop`, `set-variables`, `echo`) are computed in the
 * workflow; service tasks whose registry entry is `local` run as Temporal local
 * activities (a marker in history, no activity task on the server); durable types (`http`) stay
 * activities; `tthc:execution` on an element overrides the registry either way. Failures, retries,
 * incidents and BPMN errors behave as with durable activities. Two local steps in parallel branches,
 * the slow one asked for first, replay after a worker restart (the serial chain). Real dev server,
 * real database, the product worker.
 */
import { COMPLETE_TASK_UPDATE, GET_STATE_QUERY, RETRY_INCIDENT_UPDATE, type CompleteTaskArgs, type CompleteTaskResult, type ProcessStateView } from '@tthc/contracts';
import { Worker } from '@temporalio/worker';
import { getElementHistory } from '@tthc/persistence';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultServiceTasks, type ServiceTaskRegistry } from '../activities';
import { ProcessHarness, type Started } from '../testing/process-harness';
import { bundleWorkflows } from '../worker/bundle-workflows';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

jest.setTimeout(180_000);

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="d" targetNamespace="t">`;
const job = (id: string, type: string, extra = '', headers: Record<string, string> = {}, retries?: number) =>
  `<bpmn:serviceTask id="${id}" ${extra}><bpmn:extensionElements><zeebe:taskDefinition type="${type}"${retries ? ` retries="${retries}"` : ''} />${
    Object.keys(headers).length ? `<zeebe:taskHeaders>${Object.entries(headers).map(([k, v]) => `<zeebe:header key="${k}" value="${v.replace(/"/g, '&quot;')}" />`).join('')}</zeebe:taskHeaders>` : ''
  }</bpmn:extensionElements></bpmn:serviceTask>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

let h: ProcessHarness;
let server: Server;
let url: string;
const calls: string[] = [];
/** slow/fast local steps of the parallel scenario */
const registry: ServiceTaskRegistry = {
  ...defaultServiceTasks(),
  slow: { handler: () => new Promise((resolve) => setTimeout(() => resolve({ slowDone: true }), 1500)), local: true },
  fast: { handler: async () => ({ fastDone: true }), local: true },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    calls.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ receipt: `BN-${calls.length}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h = await ProcessHarness.create({ serviceTasks: registry });
}, 900_000); // may wait for another test file's turn on the dev server port

afterAll(async () => {
  await h?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const complete = (handle: Started['handle'], taskId: string, variables: Record<string, unknown> = {}) =>
  handle.executeUpdate<CompleteTaskResult, [CompleteTaskArgs]>(COMPLETE_TASK_UPDATE, { args: [{ taskId, variables, by: 'officer1' }] });

type Ev = {
  eventType?: unknown;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null; input?: { payloads?: Array<{ data?: Uint8Array | null }> | null } | null } | null;
  markerRecordedEventAttributes?: { markerName?: string | null; details?: Record<string, { payloads?: Array<{ data?: Uint8Array | null }> | null }> | null } | null;
};

/** what ran where: durable activities (type + element) and local activities (type + element), from the history */
async function stepsOf(run: Started) {
  const events = ((await run.handle.fetchHistory()).events ?? []) as Ev[];
  const json = (data?: Uint8Array | null) => JSON.parse(Buffer.from(data ?? new Uint8Array()).toString('utf8'));
  // inputs may be deflated by the product's payload codec
  const codec = TTHC_DATA_CONVERTER.payloadCodecs![0];
  const scheduled = events.map((e) => e.activityTaskScheduledEventAttributes).filter((a) => a?.activityType?.name === 'runServiceTask');
  const durable: string[] = [];
  for (const a of scheduled) {
    const [payload] = await codec.decode([a!.input!.payloads![0] as Parameters<typeof codec.decode>[0][number]]);
    durable.push((json(payload.data) as { elementId: string }).elementId);
  }
  const localMarkers = events.map((e) => e.markerRecordedEventAttributes).filter((m) => m?.markerName === 'core_local_activity');
  const local = localMarkers
    .map((m) => json(m!.details!.data.payloads![0].data) as { activity_type?: string; activityType?: string })
    .map((d) => d.activity_type ?? d.activityType);
  return { durable, local, events };
}

describe('cheap steps', () => {
  it('runs local types as local activities, durable ones as activities, and honours tthc:execution', async () => {
    const xml = `${HEAD}<bpmn:process id="cheap" isExecutable="true"><bpmn:startEvent id="start" />
      ${job('map', 'set-variables', '', { greeting: 'xin chào' })}
      ${job('ext', 'http', '', { url: `${url}/ext`, resultVariable: 'ext' })}
      ${job('forced', 'noop', 'tthc:execution="activity"')}
      ${job('localHttp', 'http', 'tthc:execution="local"', { url: `${url}/local`, resultVariable: 'local' })}
      <bpmn:userTask id="review" /><bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'map')}${flow('f2', 'map', 'ext')}${flow('f3', 'ext', 'forced')}${flow('f4', 'forced', 'localHttp')}${flow('f5', 'localHttp', 'review')}${flow('f6', 'review', 'end')}
      </bpmn:process></bpmn:definitions>`;
    const defs = await h.deploy(xml);
    expect(defs.cheap.graph.root.nodes.forced.execution).toBe('activity');
    const run = await h.start(defs.cheap);
    const task = await h.openTask(run.instanceId, 'review');
    const state = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
    expect(state.variables).toMatchObject({ greeting: 'xin chào', ext: { receipt: expect.any(String) }, local: { receipt: expect.any(String) } });
    expect(calls).toEqual(expect.arrayContaining(['/ext', '/local']));
    const steps = await stepsOf(run);
    // the ext probe (answered handoff), localHttp (forced local); map is computed in the workflow (pure step), forced skips the local step
    expect(steps.local.filter((t) => t === 'runLocalServiceTask')).toHaveLength(2);
    expect(steps.durable).toEqual(['ext', 'forced']);
    await complete(run.handle, task.id);
    expect((await run.result()).state).toBe('COMPLETED');
  });

  it('computes pure built-in steps in the workflow: the same variables, no activity, a bad configuration is an incident', async () => {
    const xml = `${HEAD}<bpmn:process id="pure" isExecutable="true"><bpmn:startEvent id="start" />
      ${job('greet', 'set-variables', '', { greeting: 'xin chào', variables: '{"fee":50000}' })}${job('pass', 'noop')}
      ${job('badConfig', 'set-variables', '', { variables: '[1,2]' })}<bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'greet')}${flow('f2', 'greet', 'pass')}${flow('f3', 'pass', 'badConfig')}${flow('f4', 'badConfig', 'end')}
      </bpmn:process></bpmn:definitions>`;
    const defs = await h.deploy(xml);
    const run = await h.start(defs.pure);
    const state = await h.waitFor('incident', async () => {
      const s = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
      return s.incidents.length > 0 && s;
    });
    expect(state.variables).toMatchObject({ greeting: 'xin chào', fee: 50000 });
    expect(state.incidents).toEqual([expect.objectContaining({ elementId: 'badConfig', message: expect.stringContaining('must be a JSON object') })]);
    const steps = await stepsOf(run);
    // only the progress write ran in the worker: no step went to a local or durable activity
    expect(steps.local.filter((t) => t === 'runLocalServiceTask' || t === 'runLocalServiceTasks')).toEqual([]);
    expect(steps.durable).toEqual([]);
    // the element history shows the steps as for any job
    const ids = (await getElementHistory(h.ds, run.instanceId)).map((r) => r.elementId);
    expect(ids).toEqual(expect.arrayContaining(['greet', 'pass']));
    await run.handle.signal('cancel');
    expect((await run.result()).state).toBe('CANCELED');
  });

  it('keeps retries, incidents and BPMN errors of local steps', async () => {
    const xml = `${HEAD}<bpmn:process id="failing" isExecutable="true"><bpmn:startEvent id="start" />
      ${job('flaky', 'fail', '', { message: 'sổ đăng ký chưa sẵn sàng', unlessVariable: 'fixed' }, 2)}
      ${job('refuse', 'fail', '', { errorCode: 'HO_SO_THIEU' })}
      <bpmn:boundaryEvent id="caught" attachedToRef="refuse"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="refused" /><bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'flaky')}${flow('f2', 'flaky', 'refuse')}${flow('f3', 'refuse', 'end')}${flow('f4', 'caught', 'refused')}
      </bpmn:process><bpmn:error id="err" errorCode="HO_SO_THIEU" /></bpmn:definitions>`;
    const defs = await h.deploy(xml);
    const run = await h.start(defs.failing);
    const state = await h.waitFor('incident', async () => {
      const s = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
      return s.incidents.length > 0 && s;
    });
    expect(state.incidents[0]).toMatchObject({ elementId: 'flaky', message: expect.stringContaining('sổ đăng ký chưa sẵn sàng') });
    await run.handle.executeUpdate(RETRY_INCIDENT_UPDATE, { args: [{ incidentId: state.incidents[0].id, variables: { fixed: true } }] });
    const result = await run.result();
    expect(result.state).toBe('COMPLETED');
    const ended = await h.instance(run.instanceId);
    expect(ended?.state).toBe('COMPLETED');
    const steps = await stepsOf(run);
    expect(steps.durable).toEqual([]);
    // the error boundary took the token to `refused`, not `end`
    const ids = (await getElementHistory(h.ds, run.instanceId)).map((r) => r.elementId);
    expect(ids).toEqual(expect.arrayContaining(['flaky', 'refuse', 'caught', 'refused']));
    expect(ids).not.toContain('end');
  });

  it('sends the local steps of a parallel split as one batch; failures and durable types keep their own paths', async () => {
    const xml = `${HEAD}<bpmn:process id="fan" isExecutable="true"><bpmn:startEvent id="start" />
      <bpmn:parallelGateway id="split" /><bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
      ${job('a', 'set-variables', '', { fromA: '1' })}${job('b', 'set-variables', '', { fromB: '2' })}${job('c', 'noop')}
      ${job('ext', 'http', '', { url: `${url}/fan`, resultVariable: 'fan' })}
      ${job('flaky', 'fail', '', { message: 'cổng thanh toán bận', unlessVariable: 'paid' }, 2)}
      ${['a', 'b', 'c', 'ext', 'flaky'].map((t) => flow(`in-${t}`, 'split', t) + flow(`out-${t}`, t, 'join')).join('')}
      ${flow('f0', 'start', 'split')}${flow('f9', 'join', 'end')}
      </bpmn:process></bpmn:definitions>`;
    const defs = await h.deploy(xml);
    const run = await h.start(defs.fan);
    const state = await h.waitFor('incident', async () => {
      const s = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
      return s.incidents.length > 0 && s;
    });
    expect(state.incidents).toEqual([expect.objectContaining({ elementId: 'flaky', message: expect.stringContaining('cổng thanh toán bận') })]);
    await h.waitFor('the other branches done', async () => {
      const s = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
      return s.activeElements.join === 4 || (s.variables.fan && s.variables.fromA && s.variables.fromB && !s.activeElements.a && !s.activeElements.ext);
    });
    await run.handle.executeUpdate(RETRY_INCIDENT_UPDATE, { args: [{ incidentId: state.incidents[0].id, variables: { paid: true } }] });
    const result = await run.result();
    expect(result.state).toBe('COMPLETED');
    expect(result.variables).toMatchObject({ fromA: 1, fromB: 2, fan: { receipt: expect.any(String) }, paid: true });
    const steps = await stepsOf(run);
    // one batch for the five steps the split started; flaky alone once (its second attempt), then alone again after the retry
    expect(steps.local.filter((t) => t === 'runLocalServiceTasks')).toHaveLength(1);
    expect(steps.local.filter((t) => t === 'runLocalServiceTask').length).toBeGreaterThanOrEqual(2);
    expect(steps.durable).toEqual(['ext']);
  });

  it('replays parallel local steps after a worker restart, the slow one asked for first', async () => {
    const xml = `${HEAD}<bpmn:process id="race" isExecutable="true"><bpmn:startEvent id="start" />
      <bpmn:parallelGateway id="split" />
      ${job('slowStep', 'slow')}${job('fastStep', 'fast')}
      <bpmn:userTask id="afterSlow" />
      <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="endA" /><bpmn:endEvent id="endB" />
      ${flow('f1', 'start', 'split')}${flow('f2', 'split', 'slowStep')}${flow('f3', 'split', 'fastStep')}
      ${flow('f4', 'slowStep', 'afterSlow')}${flow('f5', 'fastStep', 'wait')}${flow('f6', 'afterSlow', 'endA')}${flow('f7', 'wait', 'endB')}
      </bpmn:process></bpmn:definitions>`;
    const defs = await h.deploy(xml);
    const run = await h.start(defs.race);
    const task = await h.openTask(run.instanceId, 'afterSlow');
    await h.waitFor('timer armed', async () => (await run.handle.query<ProcessStateView>(GET_STATE_QUERY)).activeElements.wait === 1);
    // a fresh worker has no cached run: the next workflow task replays the history so far
    await h.restartWorker();
    const replay = await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows(), replayName: 'race', dataConverter: TTHC_DATA_CONVERTER }, await run.handle.fetchHistory()).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(replay).toBeUndefined();
    await complete(run.handle, task.id);
    await h.waitFor('completion recorded', async () => (await h.task(task.id))?.state === 'COMPLETED');
    const state = await run.handle.query<ProcessStateView>(GET_STATE_QUERY);
    expect(state.variables).toMatchObject({ slowDone: true, fastDone: true });
    expect(state.activeElements).toEqual({ wait: 1 });
    await run.handle.terminate('test done');
  });
});

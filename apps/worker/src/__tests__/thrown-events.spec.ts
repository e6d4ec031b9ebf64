/**
 * Messages and signals thrown by one process reach OTHER process definitions on the real
 * Temporal dev server (issue 16): BPMN 2.0.2 §10.5.2 (a message flows between participants:
 * it starts a process at its message start event or is received by a waiting catch event),
 * §10.5.4 (a signal is broadcast: every process with that signal start event starts), §13.5.2
 * (intermediate message/signal throw events), §13.5.3 (message / signal end events), §10.3.3
 * (send task). A throw reaches only processes of its own agency and agency-less ones, and a
 * retried throw starts nothing twice.
 */
import { computeDueWith } from '@tthc/calendar';
import { GET_STATE_QUERY, type ProcessStateView } from '@tthc/contracts';
import { AuditEntryEntity, getInstance, listInstances, loadWorkingCalendar, ProcessInstanceEntity } from '@tthc/persistence';
import { publishThrownMessage, broadcastThrownSignal } from '../activities/events/thrown-events';
import { localActivityTypes } from '../testing/history-markers';
import { ProcessHarness, type Deployed } from '../testing/process-harness';

jest.setTimeout(300_000);

const defs = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:message id="mOrder" name="orderPlaced"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>
  <bpmn:message id="mPing" name="ping" />
  <bpmn:message id="mDue" name="dueCheck" />
  <bpmn:signal id="sAlarm" name="alarm" />
  ${body}
</bpmn:definitions>`;
const agencyAttr = (agency?: string) => (agency ? ` tthc:agency="${agency}"` : '');
/** start → <middle> → end, the flows drawn */
const line = (id: string, agency: string | undefined, middle: string, ids: string[]) => {
  const chain = ['start', ...ids, 'end'];
  const flows = chain.slice(1).map((to, i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${chain[i]}" targetRef="${to}" />`).join('');
  return `<bpmn:process id="${id}" isExecutable="true"${agencyAttr(agency)}>${middle}<bpmn:endEvent id="end" />${flows}</bpmn:process>`;
};
const startOn = (id: string, agency: string | undefined, definition: string) =>
  line(id, agency, `<bpmn:startEvent id="start">${definition}</bpmn:startEvent><bpmn:userTask id="handle" />`, ['handle']);

const catchTwice = (definition: string) =>
  `<bpmn:intermediateCatchEvent id="first">${definition}</bpmn:intermediateCatchEvent><bpmn:intermediateCatchEvent id="second">${definition}</bpmn:intermediateCatchEvent>`;

let h: ProcessHarness;
const deployed: Record<string, Deployed> = {};

beforeAll(async () => {
  h = await ProcessHarness.create();
  const processes = [
    // senders (agency SO-TP): an intermediate throw with a payload, a send task, a message end event, a signal throw
    line('orderSender', 'SO-TP', `<bpmn:startEvent id="start" /><bpmn:intermediateThrowEvent id="placeOrder"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=amount * 2" target="total" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="mOrder" /></bpmn:intermediateThrowEvent>`, ['placeOrder']),
    line('orderByTask', 'SO-TP', `<bpmn:startEvent id="start" /><bpmn:sendTask id="sendOrder" messageRef="mOrder" />`, ['sendOrder']),
    `<bpmn:process id="pingSender" isExecutable="true" tthc:agency="SO-TP"><bpmn:startEvent id="start" /><bpmn:endEvent id="end"><bpmn:messageEventDefinition messageRef="mPing" /></bpmn:endEvent><bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="end" /></bpmn:process>`,
    line('alarmSender', 'SO-TP', `<bpmn:startEvent id="start" /><bpmn:intermediateThrowEvent id="raise"><bpmn:signalEventDefinition signalRef="sAlarm" /></bpmn:intermediateThrowEvent>`, ['raise']),
    // receivers
    startOn('orderHandler', 'SO-TP', '<bpmn:messageEventDefinition messageRef="mOrder" />'),
    startOn('orderHandlerOther', 'SO-XD', '<bpmn:messageEventDefinition messageRef="mOrder" />'),
    line('orderWaiter', 'SO-TP', `<bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="waitOrder"><bpmn:messageEventDefinition messageRef="mOrder" /></bpmn:intermediateCatchEvent>`, ['waitOrder']),
    startOn('pingHandler', undefined, '<bpmn:messageEventDefinition messageRef="mPing" />'),
    startOn('alarmHandler', 'SO-TP', '<bpmn:signalEventDefinition signalRef="sAlarm" />'),
    startOn('alarmHandlerShared', undefined, '<bpmn:signalEventDefinition signalRef="sAlarm" />'),
    startOn('alarmHandlerOther', 'SO-XD', '<bpmn:signalEventDefinition signalRef="sAlarm" />'),
    line('alarmWaiter', 'SO-TP', `<bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="waitAlarm"><bpmn:signalEventDefinition signalRef="sAlarm" /></bpmn:intermediateCatchEvent>`, ['waitAlarm']),
    // a receiver catching the same message (signal) twice in a row, then a task that shows what it received
    line('orderTwice', 'SO-TP', `<bpmn:startEvent id="start" />${catchTwice('<bpmn:messageEventDefinition messageRef="mOrder" />')}<bpmn:userTask id="handle" />`, ['first', 'second', 'handle']),
    line('alarmTwice', 'SO-TP', `<bpmn:startEvent id="start" />${catchTwice('<bpmn:signalEventDefinition signalRef="sAlarm" />')}<bpmn:userTask id="handle" />`, ['first', 'second', 'handle']),
    // a receiver whose task is due in eight working hours (the sender throws its own message)
    line('dueSender', 'SO-TP', `<bpmn:startEvent id="start" /><bpmn:intermediateThrowEvent id="ask"><bpmn:messageEventDefinition messageRef="mDue" /></bpmn:intermediateThrowEvent>`, ['ask']),
    line('dueHandler', 'SO-TP', `<bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="mDue" /></bpmn:startEvent><bpmn:userTask id="review" tthc:due="PT8H" />`, ['review']),
  ];
  for (const p of processes) Object.assign(deployed, await h.deploy(defs(p)));
}, 900_000);
afterAll(async () => {
  await h?.close();
});

/** what the worker's throw activities get (the harness pins the calendar as the worker's cache does) */
const throwDeps = () => ({ ds: h.ds, client: h.client, taskQueue: h.taskQueue, pinCalendar: (input: Parameters<ProcessHarness['pinFor']>[0]) => h.pinFor(input) });
const instancesOf = async (processKey: string) => (await listInstances(h.ds, { processKey, limit: 50 })).items;
const waitingAt = async (instanceId: string, elementId: string) =>
  h.waitFor(`instance ${instanceId} at ${elementId}`, async () => {
    const state = await h.client.workflow.getHandle(`pi/${instanceId}`).query<ProcessStateView>(GET_STATE_QUERY);
    return state.activeElements[elementId] === 1 ? state : undefined;
  });

it('§13.5.2 a message throw starts the message start event of another process of the same agency and completes a waiting catch event of another instance', async () => {
  const waiter = await h.start(deployed.orderWaiter, { orderId: 'DH-1' }, { agency: 'SO-TP' });
  const otherWaiter = await h.start(deployed.orderWaiter, { orderId: 'DH-2' }, { agency: 'SO-TP' });
  await waitingAt(waiter.instanceId, 'waitOrder');
  await waitingAt(otherWaiter.instanceId, 'waitOrder');

  const sender = await h.start(deployed.orderSender, { orderId: 'DH-1', amount: 21 }, { agency: 'SO-TP' });
  expect((await sender.result()).state).toBe('COMPLETED');

  // the message start: a new instance of orderHandler, business key = the correlation key, the throw's payload as variables
  const [handler] = await h.waitFor('an orderHandler instance', async () => {
    const rows = await instancesOf('orderHandler');
    return rows.length ? rows : undefined;
  });
  expect(handler.businessKey).toBe('DH-1');
  expect(handler.startedBy).toBe(`process-instance/${sender.instanceId}`);
  const state = await waitingAt(handler.id, 'handle');
  expect(state.variables).toEqual({ total: 42 });
  // the waiting catch with the same correlation key completed; the one with another key still waits
  expect((await waiter.result()).state).toBe('COMPLETED');
  await waitingAt(otherWaiter.instanceId, 'waitOrder');
  // another agency's process with the same message start event did not start
  expect(await instancesOf('orderHandlerOther')).toEqual([]);
  // the start is in the audit log, naming the throwing instance
  const audit = await h.ds.getRepository(AuditEntryEntity).findOneByOrFail({ action: 'process-instance.start', entityId: handler.id });
  expect(audit.actor).toBe(`process-instance/${sender.instanceId}`);
});

it('§10.3.3 a send task with a messageRef and §13.5.3 a message end event publish their message', async () => {
  const byTask = await h.start(deployed.orderByTask, { orderId: 'DH-3' }, { agency: 'SO-TP' });
  expect((await byTask.result()).state).toBe('COMPLETED');
  await h.waitFor('an orderHandler instance for DH-3', async () => (await instancesOf('orderHandler')).find((i) => i.businessKey === 'DH-3'));

  const ping = await h.start(deployed.pingSender, {}, { agency: 'SO-TP' });
  expect((await ping.result()).state).toBe('COMPLETED');
  // an agency-less process is reached from any agency
  const [handler] = await h.waitFor('a pingHandler instance', async () => {
    const rows = await instancesOf('pingHandler');
    return rows.length ? rows : undefined;
  });
  await waitingAt(handler.id, 'handle');
});

it('§10.5.4 a signal throw starts every subscribing process of its agency and the agency-less ones, and reaches waiting signal catches', async () => {
  const waiter = await h.start(deployed.alarmWaiter, {}, { agency: 'SO-TP' });
  await waitingAt(waiter.instanceId, 'waitAlarm');
  const sender = await h.start(deployed.alarmSender, {}, { agency: 'SO-TP' });
  expect((await sender.result()).state).toBe('COMPLETED');
  const own = await h.waitFor('an alarmHandler instance', async () => (await instancesOf('alarmHandler'))[0]);
  const shared = await h.waitFor('an alarmHandlerShared instance', async () => (await instancesOf('alarmHandlerShared'))[0]);
  await waitingAt(own.id, 'handle');
  await waitingAt(shared.id, 'handle');
  expect((await waiter.result()).state).toBe('COMPLETED');
  expect(await instancesOf('alarmHandlerOther')).toEqual([]);
});

it('a retried throw (the same throw id) starts each process once', async () => {
  const deps = throwDeps();
  const message = { name: 'ping', variables: { n: 1 }, throwId: 'retry-test/throw-1', fromInstanceId: 'retry-test', fromProcessKey: 'pingSender', agency: 'SO-TP' };
  const first = await publishThrownMessage(deps, message);
  const second = await publishThrownMessage(deps, message);
  expect(first.started).toHaveLength(1);
  expect(second.started).toEqual(first.started);
  expect(await getInstance(h.ds, first.started[0])).toMatchObject({ processKey: 'pingHandler', state: 'ACTIVE' });
  expect(await h.ds.getRepository(ProcessInstanceEntity).countBy({ startedBy: 'process-instance/retry-test' })).toBe(1);
  expect(await h.ds.getRepository(AuditEntryEntity).countBy({ action: 'process-instance.start', entityId: first.started[0] })).toBe(1);

  const signal = { name: 'alarm', variables: {}, throwId: 'retry-test/throw-2', fromInstanceId: 'retry-test-2', fromProcessKey: 'alarmSender', agency: 'SO-TP' };
  const a = await broadcastThrownSignal(deps, signal);
  const b = await broadcastThrownSignal(deps, signal);
  expect(a.started).toHaveLength(2); // alarmHandler and alarmHandlerShared, not the other agency's
  expect(b.started).toEqual(a.started);
  expect(await h.ds.getRepository(ProcessInstanceEntity).countBy({ startedBy: 'process-instance/retry-test-2' })).toBe(2);
});

it('a throw retried after a partial delivery is received once by a running instance; the next throw reaches its next catch', async () => {
  const deps = throwDeps();
  const orders = await h.start(deployed.orderTwice, { orderId: 'DH-9' }, { agency: 'SO-TP' });
  const alarms = await h.start(deployed.alarmTwice, {}, { agency: 'SO-TP' });
  await waitingAt(orders.instanceId, 'first');
  await waitingAt(alarms.instanceId, 'first');
  const message = (throwId: string, n: number) => ({ name: 'orderPlaced', correlationKey: 'DH-9', variables: { n }, throwId, fromInstanceId: 'dedup-test', fromProcessKey: 'orderSender', agency: 'SO-TP' });
  const signal = (throwId: string, n: number) => ({ name: 'alarm', variables: { n }, throwId, fromInstanceId: 'dedup-test', fromProcessKey: 'alarmSender', agency: 'SO-TP' });
  // the throw's activity delivered, then failed and was retried: the same throw id offered again
  await publishThrownMessage(deps, message('dedup-test/throw-1', 1));
  await publishThrownMessage(deps, message('dedup-test/throw-1', 1));
  await broadcastThrownSignal(deps, signal('dedup-test/throw-2', 1));
  await broadcastThrownSignal(deps, signal('dedup-test/throw-2', 1));
  // a later throw (another id): the instance's second catch receives it, not the repeated first one
  await publishThrownMessage(deps, message('dedup-test/throw-3', 2));
  await broadcastThrownSignal(deps, signal('dedup-test/throw-4', 2));
  expect((await waitingAt(orders.instanceId, 'handle')).variables).toMatchObject({ n: 2 });
  expect((await waitingAt(alarms.instanceId, 'handle')).variables).toMatchObject({ n: 2 });
});

it('a process started by a thrown message counts working time from the calendar pinned in its input, as a run the API starts: the due date without a computeDue activity', async () => {
  const sender = await h.start(deployed.dueSender, {}, { agency: 'SO-TP' });
  expect((await sender.result()).state).toBe('COMPLETED');
  const [started] = await instancesOf('dueHandler');
  const task = await h.openTask(started.id, 'review');
  const expected = computeDueWith(await loadWorkingCalendar(h.ds), { from: task.createdAt.toISOString(), duration: 'PT8H', calendar: 'working', agency: 'SO-TP' });
  expect(task.dueAt?.toISOString()).toBe(new Date(expected).toISOString());
  const history = await h.client.workflow.getHandle(`pi/${started.id}`).fetchHistory();
  expect(localActivityTypes(history.events ?? [])).not.toContain('computeDue');
});

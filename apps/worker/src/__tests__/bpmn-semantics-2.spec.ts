/**
 * BPMN 2.0.2 semantics of issue 16 (second half) on the real Temporal dev server, with the
 * variables coming from where a user would send them — a task completed with variables, a
 * message delivered with variables — which the fixtures' lockstep run (no variables) does
 * not cover: conditional events re-evaluated in nested scopes (§10.5.5), a transaction
 * cancelled or not by the applicant's answer (§10.3.5), a negative loopCardinality as an
 * incident retried with a corrected variable (§10.3.8).
 */
import { COMPLETE_TASK_UPDATE, DELIVER_MESSAGE_SIGNAL, GET_STATE_QUERY, RETRY_INCIDENT_UPDATE, type ProcessStateView } from '@tthc/contracts';
import { ElementHistoryEntity } from '@tthc/persistence';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { noopHandler } from '../activities/service-tasks/basic-handlers';
import type { ServiceTaskRegistry } from '../activities';
import { ProcessHarness, type Started } from '../testing/process-harness';

jest.setTimeout(300_000);

const fixtures = join(__dirname, '..', '..', '..', '..', 'libs', 'engine', 'src', '__tests__', 'fixtures');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

let h: ProcessHarness;
beforeAll(async () => {
  // every job type (reserve, charge, refund, release) completes with no variables
  h = await ProcessHarness.create({ serviceTasks: new Proxy({}, { get: () => noopHandler }) as ServiceTaskRegistry });
}, 900_000);
afterAll(async () => {
  await h?.close();
});

async function run(xml: string, variables: Record<string, unknown> = {}): Promise<Started> {
  const deployed = await h.deploy(xml);
  return h.start(Object.values(deployed)[0], variables);
}
const state = (r: Started) => r.handle.query<ProcessStateView>(GET_STATE_QUERY);
const resting = (r: Started, expected: Record<string, number>) =>
  h.waitFor(`state ${JSON.stringify(expected)}`, async () => {
    const s = await state(r);
    return isDeepStrictEqual(s.activeElements, expected) ? s : undefined;
  }, 60_000);
async function complete(r: Started, elementId: string, variables: Record<string, unknown> = {}) {
  const task = await h.openTask(r.instanceId, elementId);
  const answer = await r.handle.executeUpdate(COMPLETE_TASK_UPDATE, { args: [{ taskId: task.id, variables, by: 'officer' }] });
  expect(answer).toMatchObject({ completed: true });
}

describe('§10.5.5 conditional events re-evaluated whenever variables change, in nested scopes', () => {
  it('a message delivered with variables starts the event subprocess of a subprocess; then an interrupting boundary on the subprocess ends it', async () => {
    const r = await run(fixture('conditional-nested.bpmn'), { attempts: 0 });
    await resting(r, { reviewScope: 1, review: 1, prepare: 1 });
    // `limit` (3) is local to the subprocess: 4 > 3 only there
    await r.handle.signal(DELIVER_MESSAGE_SIGNAL, { name: 'update', variables: { attempts: 4 } });
    const s = await h.waitFor('notifyOverLimit', async () => ((await state(r)).activeElements.notifyOverLimit ? state(r) : undefined), 60_000);
    expect(s.activeElements).toEqual({ reviewScope: 1, review: 1, prepare: 1, overLimitES: 1, notifyOverLimit: 1 });
    // a user task completed with variables: withdrawn → the subprocess and everything in it end
    await complete(r, 'prepare', { withdrawn: true });
    await h.waitFor('closeWithdrawn', async () => ((await state(r)).activeElements.closeWithdrawn ? true : undefined), 60_000);
    expect((await state(r)).activeElements).toEqual({ closeWithdrawn: 1, waitPayment: 1 });
    const terminated = await h.ds.getRepository(ElementHistoryEntity).findBy({ instanceId: r.instanceId, state: 'TERMINATED' });
    expect(terminated.map((t) => t.elementId).sort()).toEqual(['notifyOverLimit', 'overLimitES', 'review', 'reviewScope']);
  });
});

describe('§10.3.5 transaction cancelled by a cancel end event', () => {
  it('the applicant does not confirm: running work ends, refund and release run, the cancel boundary path is taken', async () => {
    const r = await run(fixture('transaction-cancel.bpmn'));
    await resting(r, { booking: 1, confirm: 1, notes: 1 });
    await complete(r, 'confirm', { confirmedByApplicant: false });
    await h.openTask(r.instanceId, 'informApplicant');
    const rows = await h.ds.getRepository(ElementHistoryEntity).findBy({ instanceId: r.instanceId });
    const by = (id: string) => rows.filter((x) => x.elementId === id).map((x) => x.state);
    expect(by('refund')).toEqual(['COMPLETED']);
    expect(by('releaseSlot')).toEqual(['COMPLETED']);
    expect(by('notes')).toEqual(['TERMINATED']);
    expect(by('booking')).toEqual(['TERMINATED']);
    await complete(r, 'informApplicant');
    expect((await r.result()).state).toBe('COMPLETED');
  });

  it('the applicant confirms: the transaction completes and nothing is compensated', async () => {
    const r = await run(fixture('transaction-cancel.bpmn'));
    await resting(r, { booking: 1, confirm: 1, notes: 1 });
    await complete(r, 'notes');
    await complete(r, 'confirm', { confirmedByApplicant: true });
    expect((await r.result()).state).toBe('COMPLETED');
    const rows = await h.ds.getRepository(ElementHistoryEntity).findBy({ instanceId: r.instanceId });
    expect(rows.filter((x) => ['refund', 'releaseSlot', 'onCancelled'].includes(x.elementId))).toEqual([]);
    expect(rows.find((x) => x.elementId === 'endBooked')?.state).toBe('COMPLETED');
  });
});

describe('§10.3.8 negative loopCardinality', () => {
  it('is an incident that names the element and the value; retried with a corrected variable, the instances run', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="negativeCardinality" isExecutable="true"><bpmn:startEvent id="s" />
    <bpmn:userTask id="review"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>=reviewers</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
    <bpmn:endEvent id="e" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" /><bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="e" /></bpmn:process>
</bpmn:definitions>`;
    const r = await run(xml, { reviewers: -1 });
    const s = await h.waitFor('the incident', async () => ((await state(r)).incidents.length ? state(r) : undefined), 60_000);
    expect(s.incidents).toEqual([expect.objectContaining({ elementId: 'review', message: expect.stringContaining("is -1: the number of instances cannot be negative") })]);
    await r.handle.executeUpdate(RETRY_INCIDENT_UPDATE, { args: [{ incidentId: s.incidents[0].id, variables: { reviewers: 2 } }] });
    await resting(r, { review: 2 });
  });
});

/**
 * BPMN 2.0.2 semantics of issue 16 that need the real Temporal dev server to show (real timers,
 * the adapter computing instants from FEEL values, call activities): each test names its section.
 */
import { COMPLETE_TASK_UPDATE, GET_STATE_QUERY, GET_TIMERS_QUERY, type ProcessStateView } from '@tthc/contracts';
import { ElementHistoryEntity } from '@tthc/persistence';
import { ProcessHarness, type Started } from '../testing/process-harness';

jest.setTimeout(300_000);

const defs = (body: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  ${extra}
  ${body}
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

let h: ProcessHarness;
beforeAll(async () => {
  h = await ProcessHarness.create();
}, 900_000);
afterAll(async () => {
  await h?.close();
});

async function run(xml: string, variables: Record<string, unknown> = {}): Promise<Started> {
  const deployed = await h.deploy(xml);
  return h.start(Object.values(deployed)[0], variables);
}
const state = (r: Started) => r.handle.query<ProcessStateView>(GET_STATE_QUERY);
const waitingAt = (r: Started, elementId: string) =>
  h.waitFor(`${elementId} active`, async () => ((await state(r)).activeElements[elementId] ? state(r) : undefined), 60_000);
async function completedCount(instanceId: string, elementId: string): Promise<number> {
  return h.ds.getRepository(ElementHistoryEntity).countBy({ instanceId, elementId, state: 'COMPLETED' });
}

describe('§13.5.4 timer: timeCycle on an intermediate catch event fires once, at the first occurrence', () => {
  it('passes the catch event after the first period and never again', async () => {
    const xml = defs(`<bpmn:process id="cycleCatch" isExecutable="true"><bpmn:startEvent id="s" />
      <bpmn:intermediateCatchEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:userTask id="after" /><bpmn:endEvent id="e" />${flow('f1', 's', 'tick')}${flow('f2', 'tick', 'after')}${flow('f3', 'after', 'e')}</bpmn:process>`);
    const r = await run(xml);
    const at = await waitingAt(r, 'after');
    expect(at.activeElements).toEqual({ after: 1 });
    expect((await r.handle.query<Array<unknown>>(GET_TIMERS_QUERY)).length).toBe(0); // no re-armed timer left
    await h.waitFor('the history of tick', async () => (await completedCount(r.instanceId, 'tick')) === 1 || undefined);
  });
});

describe('§13.3.3 event-based gateway whose timer is a FEEL expression (typed duration / date-time)', () => {
  const gateway = (id: string, timer: string) =>
    defs(
      `<bpmn:process id="${id}" isExecutable="true"><bpmn:startEvent id="s" /><bpmn:eventBasedGateway id="g" />
      <bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition>${timer}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="answer"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
      <bpmn:userTask id="late" /><bpmn:userTask id="answered" /><bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
      ${flow('f1', 's', 'g')}${flow('f2', 'g', 'timeout')}${flow('f3', 'g', 'answer')}${flow('f4', 'timeout', 'late')}${flow('f5', 'answer', 'answered')}${flow('f6', 'late', 'e1')}${flow('f7', 'answered', 'e2')}</bpmn:process>`,
      '<bpmn:message id="m" name="answer" />',
    );

  it('a timeDuration given as a FEEL duration built from a variable', async () => {
    const r = await run(gateway('gwDuration', '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">=duration("PT" + string(wait) + "S")</bpmn:timeDuration>'), { wait: 1 });
    expect((await waitingAt(r, 'late')).activeElements).toEqual({ late: 1 });
  });

  it('a timeDate given as a FEEL date-time computed from now()', async () => {
    const r = await run(gateway('gwDate', '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=now() + duration("PT1S")</bpmn:timeDate>'));
    expect((await waitingAt(r, 'late')).activeElements).toEqual({ late: 1 });
  });
});

describe('§10.2.5 a call activity calling a global task runs that task (no child process)', () => {
  it('a global user task opens its inbox row at the call activity; a global script task computes in place', async () => {
    const xml = defs(
      `<bpmn:process id="globalTaskCaller" isExecutable="true"><bpmn:startEvent id="s" />
        <bpmn:callActivity id="approve" calledElement="gApprove" /><bpmn:callActivity id="double" calledElement="gDouble" /><bpmn:endEvent id="e" />
        ${flow('f1', 's', 'approve')}${flow('f2', 'approve', 'double')}${flow('f3', 'double', 'e')}</bpmn:process>`,
      `<bpmn:globalUserTask id="gApprove" name="Phê duyệt"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="lanh-dao" /></bpmn:extensionElements></bpmn:globalUserTask>
       <bpmn:globalScriptTask id="gDouble" scriptLanguage="feel"><bpmn:extensionElements><zeebe:script expression="=fee * 2" resultVariable="total" /></bpmn:extensionElements></bpmn:globalScriptTask>`,
    );
    const r = await run(xml, { fee: 21 });
    const task = await h.openTask(r.instanceId, 'approve');
    expect(task).toMatchObject({ name: 'Phê duyệt', assignee: 'lanh-dao' });
    const answer = await r.handle.executeUpdate(COMPLETE_TASK_UPDATE, { args: [{ taskId: task.id, variables: { ok: true }, by: 'lanh-dao' }] });
    expect(answer).toMatchObject({ completed: true });
    expect(await r.result()).toMatchObject({ state: 'COMPLETED', variables: { fee: 21, ok: true, total: 42 } });
    expect(await completedCount(r.instanceId, 'double')).toBe(1);
  });
});

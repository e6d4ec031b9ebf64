/**
 * BPMN 2.0.2 execution semantics added in session 4 (issue 16, first half), each test
 * naming the section of the spec it follows. Every behaviour change is behind an
 * EngineOptions flag (turned on by a workflow patch) so older histories replay unchanged.
 */
import { bpmn, Driver, flow } from './driver';

const active = (d: Driver) => d.engine.view().activeElements;

describe('§13.2.1 conditional and default sequence flows leaving an activity', () => {
  it('takes the unconditional flows always, the default flow when no condition is true, and not the default when one is', async () => {
    const d = await Driver.start('activity-conditional-flows.bpmn', {}, undefined, { activityDefaultFlow: true, strictConditions: true });
    d.completeTask('A'); // amount 50: fAC false → fAB (unconditional) and fAD (default)
    expect(active(d)).toEqual({ B: 1, D: 1 });
    d.completeTask('D'); // fDF true → fDE (unconditional) and fDF; the default fDG is not taken
    expect(active(d)).toEqual({ B: 1, F: 1 });
    d.autoComplete();
    expect(d.completed()).toEqual({ start: 1, setAmount: 1, A: 1, B: 1, endB: 1, D: 1, endD: 1, F: 1, endF: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('keeps the old behaviour without the option (histories before the patch): an unconditional flow suppresses the default', async () => {
    const d = await Driver.start('activity-conditional-flows.bpmn', {}, undefined, { strictConditions: true });
    d.completeTask('A');
    expect(active(d)).toEqual({ B: 1 });
  });

  it('with every condition false, takes the default next to the unconditional flows', async () => {
    const d = await Driver.start('activity-conditional-flows.bpmn', {}, undefined, { activityDefaultFlow: true, strictConditions: true });
    d.completeTask('A', { amount: 100 }); // fAC false; D: fDF (amount < 100) false too
    d.completeTask('D');
    expect(active(d)).toEqual({ B: 1, G: 1 });
  });
});

describe('§10.5.2 / §13.5.2 messages and signals thrown to other processes (throwStarts)', () => {
  const xml = bpmn(
    `<bpmn:startEvent id="s"/>
     <bpmn:intermediateThrowEvent id="notify"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=fee" target="amount"/></zeebe:ioMapping></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateThrowEvent>
     <bpmn:intermediateThrowEvent id="byWorker"><bpmn:extensionElements><zeebe:taskDefinition type="notify-portal"/></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateThrowEvent>
     <bpmn:sendTask id="send" messageRef="m"/>
     <bpmn:intermediateThrowEvent id="alarm"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:intermediateThrowEvent>
     <bpmn:endEvent id="e"/>
     ${flow('f1', 's', 'notify')}${flow('f2', 'notify', 'byWorker')}${flow('f3', 'byWorker', 'send')}${flow('f4', 'send', 'alarm')}${flow('f5', 'alarm', 'e')}`,
    `<bpmn:message id="m" name="paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=code"/></bpmn:extensionElements></bpmn:message><bpmn:signal id="sig" name="alarm"/>`,
  );

  it('a throw without a job type of its own is published with its local variables and the correlation key evaluated in the thrower; one with a job type stays a job', async () => {
    const d = await Driver.start(xml, { fee: 10, code: 'HS-1' }, undefined, { throwStarts: true });
    expect(d.job('notify').publish).toEqual({ name: 'paid', correlationKey: 'HS-1', variables: { amount: 10 } });
    d.completeJob('notify');
    expect(d.job('byWorker').publish).toBeUndefined();
    expect(d.job('byWorker').taskType).toBe('notify-portal');
    d.completeJob('byWorker');
    expect(d.job('send').publish).toEqual({ name: 'paid', correlationKey: 'HS-1', variables: {} });
    d.completeJob('send');
    expect(d.signals).toEqual([expect.objectContaining({ name: 'alarm', elementInstanceId: expect.any(String) })]);
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('without the option (histories before the patch) a message throw is only a noop job and a signal carries no throw id', async () => {
    const d = await Driver.start(xml, { fee: 10, code: 'HS-1' });
    expect(d.job('notify')).toMatchObject({ taskType: 'noop' });
    expect(d.job('notify').publish).toBeUndefined();
    d.autoComplete();
    expect(d.signals[0].elementInstanceId).toBeUndefined();
  });
});

/**
 * BPMN 2.0.2 execution semantics added in session 4 (issue 16, first half), each test
 * naming the section of the spec it follows. Every behaviour change is behind an
 * EngineOptions flag (turned on by a workflow patch) so older histories replay unchanged.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests compile real BPMN with the real compiler
import { compileBpmn } from '@tthc/bpmn';
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

describe('§13.5.4 timeCycle on an intermediate catch event and FEEL timers after an event-based gateway (§13.3.3)', () => {
  const cycle = (value: string) =>
    bpmn(`<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="t"><bpmn:timerEventDefinition><bpmn:timeCycle>${value}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`);

  it('a cycle on an intermediate catch event fires once, at the first occurrence, and is not re-armed', async () => {
    const d = await Driver.start(cycle('R3/PT1H'));
    expect(d.timer('t')).toMatchObject({ timer: { type: 'cycle', value: 'R3/PT1H' }, repetition: 0 });
    d.fireTimer('t');
    expect(d.timers.size).toBe(0);
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.completed()).toEqual({ s: 1, t: 1, e: 1 });
  });

  it('a cycle that never fires (R0) is refused at deploy with the element id', async () => {
    await expect(compileBpmn(cycle('R0/PT1H'))).rejects.toMatchObject({ details: [expect.objectContaining({ elementId: 't', rule: 'timer-invalid' })] });
  });

  it('timers after an event-based gateway given as FEEL duration and date-time values are armed with their ISO text', async () => {
    const gw = (timer: string) =>
      bpmn(
        `<bpmn:startEvent id="s"/><bpmn:eventBasedGateway id="g"/><bpmn:intermediateCatchEvent id="t"><bpmn:timerEventDefinition>${timer}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
         <bpmn:intermediateCatchEvent id="m"><bpmn:messageEventDefinition messageRef="mm"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>
         ${flow('f1', 's', 'g')}${flow('f2', 'g', 't')}${flow('f3', 'g', 'm')}${flow('f4', 't', 'e')}${flow('f5', 'm', 'e2')}`,
        '<bpmn:message id="mm" name="x"/>',
      );
    const d = await Driver.start(gw('<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">=duration("PT" + string(h) + "H")</bpmn:timeDuration>'), { h: 2 });
    expect(d.timer('t').timer).toEqual({ type: 'duration', value: 'PT2H' });
    d.fireTimer('t');
    expect(d.completed()).toMatchObject({ g: 1, t: 1, e: 1 });
    expect(d.completed().m).toBeUndefined();
    const d2 = await Driver.start(gw('<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=date and time("2030-01-01T08:00:00+07:00")</bpmn:timeDate>'));
    expect(d2.timer('t').timer).toEqual({ type: 'date', value: '2030-01-01T08:00:00+07:00' });
  });
});

describe('§10.5.1 event definitions declared at definitions level and referenced by eventDefinitionRef', () => {
  const xml = (refs: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:message id="mm" name="approved"/>
  <bpmn:messageEventDefinition id="onApproved" messageRef="mm"/>
  <bpmn:timerEventDefinition id="inOneHour"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
  <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s"/>
    <bpmn:intermediateCatchEvent id="c"><bpmn:eventDefinitionRef>${refs}</bpmn:eventDefinitionRef></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="t"><bpmn:eventDefinitionRef>inOneHour</bpmn:eventDefinitionRef></bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>
    ${flow('f1', 's', 'c')}${flow('f2', 'c', 't')}${flow('f3', 't', 'e')}</bpmn:process></bpmn:definitions>`;

  it('a catch event referencing a message and a timer definition waits for that message, then that timer', async () => {
    const d = await Driver.start(xml('onApproved'));
    expect(d.engine.subscriptions().messages).toEqual([{ name: 'approved' }]);
    d.message('approved');
    expect(d.timer('t').timer).toEqual({ type: 'duration', value: 'PT1H' });
    d.fireTimer('t');
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('a reference to no declared definition is refused at deploy with the element id', async () => {
    await expect(compileBpmn(xml('nowhere'))).rejects.toMatchObject({ details: expect.arrayContaining([expect.objectContaining({ elementId: 'c' })]) });
  });
});

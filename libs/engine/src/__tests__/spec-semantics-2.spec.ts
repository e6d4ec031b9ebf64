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

describe('§13.2.1 uncontrolled merge and §13.3.1 startQuantity / completionQuantity of an activity', () => {
  const q = { activityQuantities: true };

  it('an activity with two incoming flows runs once per arriving token; startQuantity 2 waits for two; completionQuantity 2 sends two', async () => {
    const d = await Driver.start('activity-quantities.bpmn', {}, undefined, q);
    d.completeTask('A');
    expect(active(d)).toEqual({ B: 1, M: 1 });
    d.completeTask('M'); // first token at C: it waits for a second one
    expect(active(d)).toEqual({ B: 1, C: 1 });
    expect(d.tasks.size).toBe(1);
    d.completeTask('B');
    d.completeTask('M'); // the second token: C starts
    expect(active(d)).toEqual({ C: 1 });
    expect([...d.tasks.values()].map((t) => t.elementId)).toEqual(['C']);
    d.completeTask('C');
    expect(active(d)).toEqual({ E: 2 });
    d.autoComplete();
    expect(d.completed()).toEqual({ start: 1, fork: 1, A: 1, B: 1, M: 2, C: 1, E: 2, end: 2 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('without the option (histories before the patch) both quantities are ignored', async () => {
    const d = await Driver.start('activity-quantities.bpmn');
    d.autoComplete();
    expect(d.completed()).toMatchObject({ M: 2, C: 2, E: 2 });
  });

  it('tokens short of the startQuantity when nothing else can come are dropped and the process completes', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/><bpmn:userTask id="A"/><bpmn:userTask id="B"/><bpmn:exclusiveGateway id="x" default="toC"/>
      <bpmn:userTask id="C" startQuantity="2"/><bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>
      ${flow('f1', 's', 'fork')}${flow('f2', 'fork', 'A')}${flow('f3', 'fork', 'B')}${flow('f4', 'A', 'C')}${flow('f5', 'B', 'x')}${flow('toC', 'x', 'C')}${flow('skip', 'x', 'e2', 'skip = true')}${flow('f6', 'C', 'e')}`);
    const d = await Driver.start(xml, {}, undefined, q);
    d.completeTask('A');
    d.completeTask('B', { skip: true });
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.completed().C).toBeUndefined();
  });

  it('refuses at deploy, with the element id, a quantity of 0 and a startQuantity that can never be met', async () => {
    const one = (attrs: string, extra = '') =>
      compileBpmn(bpmn(`<bpmn:startEvent id="s"/><bpmn:userTask id="T" ${attrs}/><bpmn:endEvent id="e"/>${flow('f1', 's', 'T')}${flow('f2', 'T', 'e')}${extra}`));
    await expect(one('startQuantity="0"')).rejects.toMatchObject({ details: [expect.objectContaining({ elementId: 'T', rule: 'quantity-invalid' })] });
    await expect(one('completionQuantity="0"')).rejects.toMatchObject({ details: [expect.objectContaining({ elementId: 'T', rule: 'quantity-invalid' })] });
    await expect(one('startQuantity="2"')).rejects.toMatchObject({ details: [expect.objectContaining({ elementId: 'T', rule: 'quantity-unmet' })] });
    // met: two tokens from a completionQuantity upstream, or any number through a loop
    await expect(compileBpmn(bpmn(`<bpmn:startEvent id="s"/><bpmn:userTask id="P" completionQuantity="2"/><bpmn:userTask id="T" startQuantity="2"/><bpmn:endEvent id="e"/>${flow('f1', 's', 'P')}${flow('f2', 'P', 'T')}${flow('f3', 'T', 'e')}`))).resolves.toBeDefined();
    await expect(
      compileBpmn(bpmn(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="x"/><bpmn:userTask id="R"/><bpmn:exclusiveGateway id="y" default="out"/><bpmn:userTask id="T" startQuantity="3"/><bpmn:endEvent id="e"/>
        ${flow('f1', 's', 'x')}${flow('f2', 'x', 'R')}${flow('f3', 'R', 'y')}${flow('back', 'y', 'x', 'again = true')}${flow('out', 'y', 'T')}${flow('f4', 'T', 'e')}`)),
    ).resolves.toBeDefined();
  });
});

describe('§10.2.5 / §10.3.3 a call activity calling a global task behaves like that task', () => {
  const xml = (calls: string) =>
    bpmn(
      `<bpmn:startEvent id="s"/>${calls}<bpmn:endEvent id="e"/>`,
      `<bpmn:globalUserTask id="gApprove" name="Phê duyệt"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="lanh-dao"/><zeebe:formDefinition formKey="phe-duyet"/></bpmn:extensionElements></bpmn:globalUserTask>
       <bpmn:globalScriptTask id="gDouble" scriptLanguage="feel"><bpmn:extensionElements><zeebe:script expression="=fee * 2" resultVariable="total"/></bpmn:extensionElements></bpmn:globalScriptTask>
       <bpmn:globalManualTask id="gSign"/>`,
    );

  it('a global user task: the user task of the global, at the call activity', async () => {
    const d = await Driver.start(xml(`<bpmn:callActivity id="approve" calledElement="gApprove"/>${flow('f1', 's', 'approve')}${flow('f2', 'approve', 'e')}`));
    expect(d.task('approve')).toMatchObject({ name: 'Phê duyệt', assignee: 'lanh-dao', formKey: 'phe-duyet' });
    expect(d.children.size).toBe(0);
    d.completeTask('approve', { ok: true });
    expect(d.ended).toMatchObject({ state: 'COMPLETED', variables: { ok: true } });
  });

  it('a global script task and a global manual task run in place; the call activity keeps its own name, mappings and multi-instance', async () => {
    const d = await Driver.start(
      xml(`<bpmn:callActivity id="double" name="Tính phí" calledElement="gDouble"><bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=fees" inputElement="fee" outputCollection="totals" outputElement="=total"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:callActivity>
        <bpmn:callActivity id="sign" calledElement="gSign"/>${flow('f1', 's', 'double')}${flow('f2', 'double', 'sign')}${flow('f3', 'sign', 'e')}`),
      { fees: [1, 2, 3] },
    );
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.vars.totals).toEqual([2, 4, 6]);
    expect(d.completed()).toMatchObject({ double: 3, sign: 1 });
  });
});

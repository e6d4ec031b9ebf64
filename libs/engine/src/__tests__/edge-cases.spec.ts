/** Semantics at the edges: nested scopes, propagation order, repeated triggers, expressions in attributes. */
import { Driver, bpmn, flow } from './driver';

const sub = (id: string, inner: string, attrs = '') => `<bpmn:subProcess id="${id}" ${attrs}>${inner}</bpmn:subProcess>`;

describe('nested scopes', () => {
  it('terminate end event inside a subprocess ends only the subprocess', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/>
      ${sub('sp', `<bpmn:startEvent id="ss"/><bpmn:parallelGateway id="fk"/><bpmn:userTask id="inner"/><bpmn:endEvent id="term"><bpmn:terminateEventDefinition/></bpmn:endEvent><bpmn:endEvent id="ie"/>
        ${flow('a1', 'ss', 'fk')}${flow('a2', 'fk', 'inner')}${flow('a3', 'fk', 'term')}${flow('a4', 'inner', 'ie')}`)}
      <bpmn:userTask id="after"/><bpmn:endEvent id="e"/>${flow('f1', 's', 'sp')}${flow('f2', 'sp', 'after')}${flow('f3', 'after', 'e')}`);
    const d = await Driver.start(xml);
    expect(d.terminated()).toEqual(['inner']);
    expect(d.completed().sp).toBe(1);
    d.completeTask('after');
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('an error inside a multi-instance subprocess is caught by the boundary of the multi-instance activity', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/>
      ${sub('sp', `<bpmn:startEvent id="ss"/><bpmn:serviceTask id="work"/><bpmn:endEvent id="ie"/>${flow('a1', 'ss', 'work')}${flow('a2', 'work', 'ie')}
        <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>`)}
      <bpmn:boundaryEvent id="err" attachedToRef="sp"><bpmn:errorEventDefinition errorRef="E1"/></bpmn:boundaryEvent>
      <bpmn:endEvent id="e"/><bpmn:endEvent id="failed"/>${flow('f1', 's', 'sp')}${flow('f2', 'sp', 'e')}${flow('f3', 'err', 'failed')}`, '<bpmn:error id="E1" errorCode="BROKEN"/>');
    const d = await Driver.start(xml);
    expect(d.jobs.size).toBe(3);
    d.completeJob('work');
    const j = d.job('work');
    const cmds = d.send({ kind: 'jobBpmnError', jobId: j.jobId, errorCode: 'BROKEN' });
    expect(cmds.filter((c) => c.kind === 'cancelJob')).toHaveLength(1);
    expect(d.completed()).toMatchObject({ err: 1, failed: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('an event subprocess of the subprocess catches before the boundary event of the subprocess', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/>
      ${sub('sp', `<bpmn:startEvent id="ss"/><bpmn:endEvent id="boom"><bpmn:errorEventDefinition errorRef="E1"/></bpmn:endEvent>${flow('a1', 'ss', 'boom')}
        ${sub('handler', `<bpmn:startEvent id="hs"><bpmn:errorEventDefinition errorRef="E1"/></bpmn:startEvent><bpmn:endEvent id="he"/>${flow('h1', 'hs', 'he')}`, 'triggeredByEvent="true"')}`)}
      <bpmn:boundaryEvent id="outer" attachedToRef="sp"><bpmn:errorEventDefinition errorRef="E1"/></bpmn:boundaryEvent>
      <bpmn:endEvent id="e"/><bpmn:endEvent id="oe"/>${flow('f1', 's', 'sp')}${flow('f2', 'sp', 'e')}${flow('f3', 'outer', 'oe')}`, '<bpmn:error id="E1" errorCode="X"/>');
    const d = await Driver.start(xml);
    expect(d.completed()).toMatchObject({ hs: 1, he: 1, handler: 1, sp: 1, e: 1 });
    expect(d.completed().outer).toBeUndefined();
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('the catching error event can store the error code and message in variables (camunda: attributes)', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="t"/>
      <bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:errorEventDefinition xmlns:camunda="http://camunda.org/schema/1.0/bpmn" camunda:errorCodeVariable="code" camunda:errorMessageVariable="why"/></bpmn:boundaryEvent>
      <bpmn:endEvent id="e"/><bpmn:endEvent id="be"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}${flow('f3', 'b', 'be')}`);
    const d = await Driver.start(xml);
    d.send({ kind: 'jobBpmnError', jobId: d.job('t').jobId, errorCode: 'NO_FUNDS', message: 'balance 0' });
    expect(d.ended?.variables).toEqual({ code: 'NO_FUNDS', why: 'balance 0' });
  });

  it('a BPMN error from a child process is thrown again at the call activity', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:callActivity id="ca" calledElement="child"/>
      <bpmn:boundaryEvent id="b" attachedToRef="ca"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
      <bpmn:endEvent id="e"/><bpmn:endEvent id="be"/>${flow('f1', 's', 'ca')}${flow('f2', 'ca', 'e')}${flow('f3', 'b', 'be')}`);
    const d = await Driver.start(xml);
    const c = [...d.children.values()][0];
    expect(c.processKey).toBe('child');
    d.send({ kind: 'childFailed', childId: c.childId, message: 'refused', errorCode: 'REFUSED' });
    expect(d.completed()).toMatchObject({ b: 1, be: 1 });
  });
});

describe('repeated and concurrent triggers', () => {
  it('a non-interrupting message boundary fires for every message; an interrupting one cancels the child', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:callActivity id="ca" calledElement="child"/>
      <bpmn:boundaryEvent id="note" attachedToRef="ca" cancelActivity="false"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="stop" attachedToRef="ca"><bpmn:messageEventDefinition messageRef="m2"/></bpmn:boundaryEvent>
      <bpmn:endEvent id="e"/><bpmn:endEvent id="ne"/><bpmn:endEvent id="se"/>${flow('f1', 's', 'ca')}${flow('f2', 'ca', 'e')}${flow('f3', 'note', 'ne')}${flow('f4', 'stop', 'se')}`,
      '<bpmn:message id="m1" name="note"/><bpmn:message id="m2" name="stop"/>');
    const d = await Driver.start(xml);
    d.message('note');
    d.message('note');
    const childId = [...d.children.keys()][0];
    const out = d.message('stop');
    expect(out).toEqual(expect.arrayContaining([{ kind: 'cancelChild', childId }]));
    expect(d.completed()).toMatchObject({ note: 2, ne: 2, stop: 1, se: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('a message is consumed by one subscription only', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fk"/>
      <bpmn:intermediateCatchEvent id="c1"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="c2"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>${flow('f1', 's', 'fk')}${flow('f2', 'fk', 'c1')}${flow('f3', 'fk', 'c2')}${flow('f4', 'c1', 'e1')}${flow('f5', 'c2', 'e2')}`,
      '<bpmn:message id="m" name="go"/>');
    const d = await Driver.start(xml);
    d.message('go');
    expect(Object.values(d.engine.view().activeElements)).toEqual([1]);
    d.message('go');
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('uncaught escalation lets the process continue; a parallel join missing a token keeps the instance active', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="esc"><bpmn:escalationEventDefinition escalationRef="x"/></bpmn:intermediateThrowEvent>
      <bpmn:exclusiveGateway id="g" default="f4"/><bpmn:parallelGateway id="j"/><bpmn:endEvent id="e"/>
      ${flow('f1', 's', 'esc')}${flow('f2', 'esc', 'g')}${flow('f3', 'g', 'j', '=false')}${flow('f4', 'g', 'j')}${flow('f5', 'j', 'e')}`, '<bpmn:escalation id="x" escalationCode="X"/>');
    const d = await Driver.start(xml);
    expect(d.completed()).toMatchObject({ esc: 1, g: 1 });
    expect(d.ended).toBeUndefined();
    expect(d.engine.view()).toMatchObject({ state: 'ACTIVE', activeElements: { j: 1 } });
  });
});

describe('expressions in attributes', () => {
  it('timer dates, assignees and candidate groups may be FEEL', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fk"/>
      <bpmn:intermediateCatchEvent id="t"><bpmn:timerEventDefinition><bpmn:timeDate>=deadline</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:userTask id="u"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="=owner.id" candidateGroups="=[unit, &quot;lanh-dao&quot;]"/>
        <zeebe:taskSchedule dueDate="=deadline"/></bpmn:extensionElements></bpmn:userTask>
      <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>${flow('f1', 's', 'fk')}${flow('f2', 'fk', 't')}${flow('f3', 'fk', 'u')}${flow('f4', 't', 'e1')}${flow('f5', 'u', 'e2')}`);
    const d = await Driver.start(xml, { deadline: '2024-02-01T10:00:00Z', owner: { id: 'u7' }, unit: 'mot-cua' });
    expect(d.timer('t').timer).toEqual({ type: 'date', value: '2024-02-01T10:00:00Z' });
    expect(d.task('u')).toMatchObject({ assignee: 'u7', candidateGroups: ['mot-cua', 'lanh-dao'], due: '2024-02-01T10:00:00Z', dueCalendar: 'absolute' });
  });

  it('starts at a given (signal / timer) start event', async () => {
    const xml = bpmn(`<bpmn:startEvent id="byTimer"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:startEvent id="bySignal"><bpmn:signalEventDefinition signalRef="sg"/></bpmn:startEvent><bpmn:endEvent id="e"/>${flow('f1', 'byTimer', 'e')}${flow('f2', 'bySignal', 'e')}`,
      '<bpmn:signal id="sg" name="newYear"/>');
    const d = await Driver.start(xml, {}, { startEventId: 'bySignal' });
    expect(d.trace()).toEqual(['bySignal', 'e']);
    await expect(Driver.start(xml)).rejects.toThrow(/no none start event/);
  });
});

describe('compensation of a completed subprocess', () => {
  it('a multi-instance activity is compensated once per completed inner instance, with its input element', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/>
      <bpmn:serviceTask id="reserve"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=rooms" inputElement="room"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>
      <bpmn:boundaryEvent id="rc" attachedToRef="reserve"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
      <bpmn:serviceTask id="release" isForCompensation="true"/><bpmn:association id="as" sourceRef="rc" targetRef="release"/>
      <bpmn:endEvent id="undo"><bpmn:compensateEventDefinition activityRef="reserve"/></bpmn:endEvent>${flow('f1', 's', 'reserve')}${flow('f2', 'reserve', 'undo')}`);
    const d = await Driver.start(xml, { rooms: ['A', 'B', 'C'] });
    for (const room of ['B', 'A', 'C']) d.send({ kind: 'jobCompleted', jobId: [...d.jobs.values()].find((j) => j.variables.room === room)!.jobId });
    expect([...d.jobs.values()].map((j) => [j.elementId, j.variables.room])).toEqual([['release', 'C'], ['release', 'A'], ['release', 'B']]);
    d.autoComplete();
    expect(d.completed()).toMatchObject({ reserve: 3, release: 3, undo: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('compensating the process compensates activities inside a completed subprocess', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/>
      ${sub('sp', `<bpmn:startEvent id="ss"/><bpmn:serviceTask id="reserve"/><bpmn:boundaryEvent id="rc" attachedToRef="reserve"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
        <bpmn:serviceTask id="release" isForCompensation="true"/><bpmn:endEvent id="se"/>${flow('a1', 'ss', 'reserve')}${flow('a2', 'reserve', 'se')}
        <bpmn:association id="as" sourceRef="rc" targetRef="release"/>`)}
      <bpmn:endEvent id="undo"><bpmn:compensateEventDefinition/></bpmn:endEvent>${flow('f1', 's', 'sp')}${flow('f2', 'sp', 'undo')}`);
    const d = await Driver.start(xml);
    d.completeJob('reserve');
    expect(d.job('release')).toBeDefined();
    d.completeJob('release');
    expect(d.completed()).toMatchObject({ reserve: 1, release: 1, undo: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });
});

describe('implicit start and end', () => {
  it('a process and a subprocess without start events start every node without incoming flows', async () => {
    const xml = bpmn(`<bpmn:userTask id="a"/><bpmn:userTask id="b"/>
      ${sub('sp', `<bpmn:task id="x"/><bpmn:userTask id="y"/>`)}
      <bpmn:task id="after"/>${flow('f1', 'a', 'sp')}${flow('f2', 'sp', 'after')}`);
    const d = await Driver.start(xml);
    expect(d.engine.view().activeElements).toEqual({ a: 1, b: 1 });
    d.completeTask('a');
    expect(d.completed()).toMatchObject({ x: 1 });
    expect(d.engine.view().activeElements).toEqual({ b: 1, sp: 1, y: 1 });
    d.autoComplete();
    expect(d.completed()).toMatchObject({ a: 1, b: 1, x: 1, y: 1, sp: 1, after: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });
});

describe('start triggers', () => {
  it('lists how a process can be started', async () => {
    const { startTriggers } = await import('../start-triggers');
    const { graphOf, fixture } = await import('./driver');
    expect(startTriggers(await graphOf(fixture('message-start.bpmn')))).toEqual([
      { startEventId: 'startNone', kind: 'none' },
      { startEventId: 'startByMessage', kind: 'message', messageName: 'onlineApplication' },
    ]);
  });
});

describe('FEEL clock', () => {
  it('now() and today() use the engine clock (options.now), not the host clock', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/>
      <bpmn:scriptTask id="t" scriptFormat="feel" tthc:resultVariable="stamp"><bpmn:script>{at: string(now()), day: string(today()), later: string(now() + duration("P1D"))}</bpmn:script></bpmn:scriptTask>
      <bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`);
    const d = await Driver.start(xml);
    expect(d.ended?.variables.stamp).toEqual({ at: '2024-01-01T00:00:00Z', day: '2024-01-01', later: '2024-01-02T00:00:00Z' });
  });
});

describe('timers without a value', () => {
  it('a timer whose FEEL value is null raises an incident instead of arming nonsense', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="t"><bpmn:timerEventDefinition><bpmn:timeDate>=deadline</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`);
    const d = await Driver.start(xml);
    expect(d.timers.size).toBe(0);
    const [inc] = d.engine.view().incidents;
    expect(inc).toMatchObject({ elementId: 't', message: expect.stringContaining('no value') });
    d.send({ kind: 'retryIncident', incidentId: inc.id, variables: { deadline: '2030-01-01T00:00:00Z' } });
    expect(d.timer('t').timer).toEqual({ type: 'date', value: '2030-01-01T00:00:00Z' });
  });
});

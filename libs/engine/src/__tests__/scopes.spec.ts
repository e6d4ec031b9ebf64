/** Conformance: call activities, multi-instance, standard loop, inclusive gateway, variables and mappings. */
import { Driver, bpmn, flow } from './driver';

describe('call activity', () => {
  it('starts a child with input mappings and maps only the declared outputs back', async () => {
    const d = await Driver.start('call-activity.bpmn', { dossier: { code: 'HS-9' } });
    const c = [...d.children.values()][0];
    expect(c).toMatchObject({ elementId: 'callAgency', processKey: 'agencyReview' });
    expect(c.variables).toMatchObject({ code: 'HS-9', dossier: { code: 'HS-9' } });
    d.send({ kind: 'childCompleted', childId: c.childId, variables: { opinion: 'agree', internal: 1 } });
    expect(d.ended?.variables).toEqual({ dossier: { code: 'HS-9' }, agencyOpinion: 'agree' });
  });

  it('a failed child raises an incident; retry starts a new child; cancel cancels it', async () => {
    const d = await Driver.start('call-activity.bpmn', { dossier: { code: 'X' } });
    const c = [...d.children.values()][0];
    d.send({ kind: 'childFailed', childId: c.childId, message: 'child crashed' });
    const [inc] = d.engine.view().incidents;
    expect(inc).toMatchObject({ elementId: 'callAgency', message: 'child crashed' });
    d.send({ kind: 'retryIncident', incidentId: inc.id });
    const again = [...d.children.values()][0];
    expect(again.childId).not.toBe(c.childId);
    expect(d.send({ kind: 'cancel' })).toEqual(expect.arrayContaining([{ kind: 'cancelChild', childId: again.childId }]));
  });
});

describe('multi-instance', () => {
  it('parallel over a collection with output collection and completion condition; sequential by cardinality', async () => {
    const d = await Driver.start('multi-instance.bpmn', { units: ['police', 'tax', 'land'], quorum: 2, signers: 2 });
    const tasks = [...d.tasks.values()];
    expect(tasks.map((t) => [t.variables.unit, t.variables.loopCounter])).toEqual([['police', 1], ['tax', 2], ['land', 3]]);
    expect(d.engine.view().activeElements).toEqual({ opinions: 3 });
    d.send({ kind: 'userTaskCompleted', taskId: tasks[2].taskId, variables: { answer: 'no' } });
    d.send({ kind: 'userTaskCompleted', taskId: tasks[0].taskId, variables: { answer: 'yes' } });
    // quorum of 2 reached: the third instance is terminated
    expect(d.tasks.size).toBe(0);
    expect(d.vars.answers).toEqual(['yes', null, 'no']);
    expect(d.jobs.size).toBe(1);
    d.completeJob('sign');
    expect(d.job('sign').variables.loopCounter).toBe(2);
    d.completeJob('sign');
    expect(d.completed()).toMatchObject({ opinions: 2, sign: 2, end: 1 });
    expect(d.terminated()).toEqual(['opinions']);
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('an empty collection completes at once; a non-list raises an incident', async () => {
    const d = await Driver.start('multi-instance.bpmn', { units: [], quorum: 1, signers: 0 });
    expect(d.ended?.state).toBe('COMPLETED');
    const bad = await Driver.start('multi-instance.bpmn', { units: 'x', quorum: 1, signers: 0 });
    expect(bad.engine.view().incidents[0]).toMatchObject({ elementId: 'opinions', message: expect.stringContaining('not a list') });
    bad.send({ kind: 'retryIncident', incidentId: bad.engine.view().incidents[0].id, variables: { units: ['a'] } });
    bad.autoComplete();
    expect(bad.ended?.state).toBe('COMPLETED');
  });

  it('boundary events attach to the whole multi-instance body', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/>
      <bpmn:userTask id="t"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
      <bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e1')}${flow('f3', 'b', 'e2')}`);
    const d = await Driver.start(xml);
    expect(d.timers.size).toBe(1);
    d.fireTimer('b');
    expect(d.tasks.size).toBe(0);
    expect(d.terminated().filter((x) => x === 't')).toHaveLength(4); // 3 inner + body
    expect(d.completed()).toEqual({ s: 1, b: 1, e2: 1 });
  });
});

describe('standard loop', () => {
  it('repeats while the condition holds', async () => {
    const d = await Driver.start('standard-loop.bpmn', { n: 0 });
    expect(d.completed().count).toBe(3);
    expect(d.vars.n).toBe(3);
  });
});

describe('inclusive gateway', () => {
  it.each([
    [{ needPolice: true, needTax: true }, { police: 1, tax: 1 }],
    [{ needPolice: false, needTax: true }, { tax: 1 }],
    [{ needPolice: false, needTax: false }, { archiveCopy: 1 }],
  ])('split %j activates exactly the true branches and the join waits for all of them', async (vars, branches) => {
    const d = await Driver.start('inclusive-gateway.bpmn', vars);
    const active = d.engine.view().activeElements;
    expect(active).toEqual(branches);
    const ids = Object.keys(branches);
    for (const [i, id] of ids.entries()) {
      if (d.tasks.size) d.completeTask(id);
      else d.completeJob(id);
      if (i < ids.length - 1) expect(d.completed().join).toBeUndefined();
    }
    expect(d.completed()).toMatchObject({ join: 1, end: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('the join does not wait for a branch that can no longer deliver a token', async () => {
    // split → A, and split → B → X(exclusive) → either join or elsewhere
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/><bpmn:userTask id="a"/><bpmn:userTask id="b"/>
      <bpmn:exclusiveGateway id="x" default="toEnd"/><bpmn:inclusiveGateway id="join"/><bpmn:endEvent id="e"/><bpmn:endEvent id="side"/>
      ${flow('f1', 's', 'split')}${flow('f2', 'split', 'a')}${flow('f3', 'split', 'b')}${flow('f4', 'a', 'join')}${flow('f5', 'b', 'x')}
      ${flow('toJoin', 'x', 'join', '=go')}${flow('toEnd', 'x', 'side')}${flow('f6', 'join', 'e')}`);
    const d = await Driver.start(xml, { go: false });
    d.completeTask('a');
    expect(d.completed().join).toBeUndefined(); // b can still reach the join
    d.completeTask('b');
    expect(d.completed()).toMatchObject({ join: 1, e: 1, side: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });
});

describe('variables and mappings', () => {
  it('input mappings make local variables; outputs propagate; local variables do not leak', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/>
      <bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="= &quot;calc-&quot; + kind"/>
        <zeebe:ioMapping><zeebe:input source="=price * 2" target="double"/><zeebe:output source="=result + double" target="total"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:subProcess id="sp"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=0" target="counter"/></zeebe:ioMapping></bpmn:extensionElements>
        <bpmn:startEvent id="ss"/><bpmn:serviceTask id="inner"/><bpmn:endEvent id="se"/>${flow('i1', 'ss', 'inner')}${flow('i2', 'inner', 'se')}</bpmn:subProcess>
      <bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'sp')}${flow('f3', 'sp', 'e')}`);
    const d = await Driver.start(xml, { price: 5, kind: 'fee' });
    expect(d.job('t')).toMatchObject({ taskType: 'calc-fee', variables: { price: 5, kind: 'fee', double: 10 } });
    d.completeJob('t', { result: 1 });
    expect(d.vars).toEqual({ price: 5, kind: 'fee', total: 11 });
    expect(d.job('inner').variables.counter).toBe(0);
    d.completeJob('inner', { counter: 7, fresh: true });
    expect(d.ended?.variables).toEqual({ price: 5, kind: 'fee', total: 11, fresh: true });
  });
});

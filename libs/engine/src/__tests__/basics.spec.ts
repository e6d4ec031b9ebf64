import { Driver, bpmn, flow } from './driver';

const S = (id = 's') => `<bpmn:startEvent id="${id}"/>`;
const E = (id = 'e') => `<bpmn:endEvent id="${id}"/>`;

describe('engine basics', () => {
  it('runs none start → user task → service task → end, with variables', async () => {
    const xml = bpmn(`${S()}
      <bpmn:userTask id="review" name="Review" tthc:step="review" tthc:candidateGroups="mot-cua, lanh-dao" tthc:due="P2D"/>
      <bpmn:serviceTask id="notify"><bpmn:extensionElements><zeebe:taskDefinition type="send-sms" retries="5"/></bpmn:extensionElements></bpmn:serviceTask>
      ${E()}${flow('f1', 's', 'review')}${flow('f2', 'review', 'notify')}${flow('f3', 'notify', 'e')}`);
    const d = await Driver.start(xml, { applicant: 'An' });
    const t = d.task('review');
    expect(t).toMatchObject({ name: 'Review', step: 'review', candidateGroups: ['mot-cua', 'lanh-dao'], due: 'P2D', dueCalendar: 'working', variables: { applicant: 'An' } });
    expect(d.engine.view().activeElements).toEqual({ review: 1 });
    expect(d.engine.validateUserTaskCompletion(t.taskId, { ok: true })).toEqual({ ok: true });
    d.completeTask('review', { approved: true }, 'officer-1');
    expect(d.engine.validateUserTaskCompletion(t.taskId)).toMatchObject({ ok: false, code: 'ALREADY_COMPLETED' });
    expect(d.engine.validateUserTaskCompletion('nope')).toMatchObject({ ok: false, code: 'UNKNOWN_TASK' });
    expect(d.job('notify')).toMatchObject({ taskType: 'send-sms', retries: 5, variables: { applicant: 'An', approved: true } });
    d.completeJob('notify', { smsId: 7 });
    expect(d.ended).toEqual({ kind: 'ended', state: 'COMPLETED', variables: { applicant: 'An', approved: true, smsId: 7 } });
    expect(d.trace()).toEqual(['s', 'review', 'notify', 'e']);
    expect(d.records.find((r) => r.elementId === 'review' && r.state === 'COMPLETED')?.by).toBe('officer-1');
    expect(d.engine.ended).toBe(true);
  });

  it('service task without a type gets the noop job; script task evaluates FEEL into a result variable', async () => {
    const xml = bpmn(`${S()}
      <bpmn:scriptTask id="calc" scriptFormat="feel" tthc:resultVariable="total"><bpmn:script>= fee * count</bpmn:script></bpmn:scriptTask>
      <bpmn:serviceTask id="svc"/>${E()}
      ${flow('f1', 's', 'calc')}${flow('f2', 'calc', 'svc')}${flow('f3', 'svc', 'e')}`);
    const d = await Driver.start(xml, { fee: 50000, count: 3 });
    expect(d.job('svc').taskType).toBe('noop');
    expect(d.job('svc').variables.total).toBe(150000);
  });

  it('exclusive gateway takes the first true condition, else the default flow', async () => {
    const xml = bpmn(`${S()}
      <bpmn:exclusiveGateway id="gw" default="fd"/>
      <bpmn:task id="big"/><bpmn:task id="small"/><bpmn:task id="other"/>${E('e1')}${E('e2')}${E('e3')}
      ${flow('f0', 's', 'gw')}${flow('fa', 'gw', 'big', '= amount > 100')}${flow('fb', 'gw', 'small', 'amount > 10')}${flow('fd', 'gw', 'other')}
      ${flow('x1', 'big', 'e1')}${flow('x2', 'small', 'e2')}${flow('x3', 'other', 'e3')}`);
    expect((await Driver.start(xml, { amount: 500 })).trace()).toEqual(['s', 'gw', 'big', 'e1']);
    expect((await Driver.start(xml, { amount: 50 })).trace()).toEqual(['s', 'gw', 'small', 'e2']);
    expect((await Driver.start(xml, { amount: 1 })).trace()).toEqual(['s', 'gw', 'other', 'e3']);
    // legacy default (EngineOptions.strictConditions off): a null condition counts as false — see c8-semantics.spec.ts
    expect((await Driver.start(xml, {})).trace()).toEqual(['s', 'gw', 'other', 'e3']);
  });

  it('exclusive gateway with no true condition and no default raises an incident; retry with variables resumes', async () => {
    const xml = bpmn(`${S()}<bpmn:exclusiveGateway id="gw"/><bpmn:task id="a"/>${E()}
      ${flow('f0', 's', 'gw')}${flow('fa', 'gw', 'a', 'ok = true')}${flow('f2', 'a', 'e')}`);
    const d = await Driver.start(xml, {});
    const [inc] = [...d.incidents.values()];
    expect(inc.elementId).toBe('gw');
    expect(d.engine.view().incidents).toHaveLength(1);
    d.send({ kind: 'retryIncident', incidentId: inc.incidentId, variables: { ok: true } });
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.trace()).toEqual(['s', 'gw', 'a', 'e']);
  });

  it('parallel gateway forks and joins', async () => {
    const xml = bpmn(`${S()}<bpmn:parallelGateway id="fork"/><bpmn:userTask id="a"/><bpmn:userTask id="b"/><bpmn:parallelGateway id="join"/><bpmn:task id="after"/>${E()}
      ${flow('f0', 's', 'fork')}${flow('f1', 'fork', 'a')}${flow('f2', 'fork', 'b')}${flow('f3', 'a', 'join')}${flow('f4', 'b', 'join')}${flow('f5', 'join', 'after')}${flow('f6', 'after', 'e')}`);
    const d = await Driver.start(xml);
    expect(d.engine.view().activeElements).toEqual({ a: 1, b: 1 });
    d.completeTask('b');
    expect(d.engine.view().activeElements).toEqual({ a: 1, join: 1 });
    expect(d.ended).toBeUndefined();
    d.completeTask('a');
    expect(d.completed()).toMatchObject({ join: 1, after: 1, e: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('snapshot / restore continues where it left off', async () => {
    const xml = bpmn(`${S()}<bpmn:userTask id="a"/><bpmn:userTask id="b"/>${E()}${flow('f1', 's', 'a')}${flow('f2', 'a', 'b')}${flow('f3', 'b', 'e')}`);
    const d = await Driver.start(xml, { x: 1 });
    d.completeTask('a', { y: 2 });
    const snap = JSON.parse(JSON.stringify(d.engine.snapshot()));
    const { ProcessEngine } = await import('../engine');
    const graph = (await import('./driver')).graphOf(xml);
    const again = ProcessEngine.restore(await graph, snap, d.options);
    const taskId = d.task('b').taskId;
    const out = again.handle({ kind: 'userTaskCompleted', taskId });
    expect(out).toEqual([{ kind: 'ended', state: 'COMPLETED', variables: { x: 1, y: 2 } }]);
  });

  it('cancel terminates everything and cancels open work', async () => {
    const xml = bpmn(`${S()}<bpmn:parallelGateway id="fork"/><bpmn:userTask id="a"/><bpmn:serviceTask id="b"/>${E()}
      ${flow('f0', 's', 'fork')}${flow('f1', 'fork', 'a')}${flow('f2', 'fork', 'b')}${flow('f3', 'a', 'e')}${flow('f4', 'b', 'e')}`);
    const d = await Driver.start(xml);
    const out = d.send({ kind: 'cancel' });
    expect(out.map((c) => c.kind).sort()).toEqual(['cancelJob', 'cancelUserTask', 'ended']);
    expect(d.ended?.state).toBe('CANCELED');
    expect(d.send({ kind: 'cancel' })).toEqual([]);
  });
});

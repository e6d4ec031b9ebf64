/**
 * BPMN 2.0 execution semantics that public conformance suites probe: the inclusive join's
 * "can a token still arrive" rule, scoped terminate and link events, boundary events on
 * multi-instance bodies, correlated message starts of event subprocesses, compensation of
 * completed multi-instance activities and subprocesses.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests compile real BPMN with the real compiler
import { compileBpmn } from '@tthc/bpmn';
import { Driver, bpmn, flow } from './driver';

const active = (d: Driver) => d.engine.view().activeElements;

describe('inclusive join (BPMN 2.0.2 §13.4.3, waiting for every token that can still arrive)', () => {
  it('waits while a token upstream can still arrive: through a rework loop and from inside a subprocess', async () => {
    const d = await Driver.start('inclusive-join-upstream.bpmn');
    d.completeTask('A');
    expect(active(d)).toEqual({ join: 1, B: 1, T: 1, S: 1 });
    d.completeTask('B', { redo: true });
    expect(active(d)).toEqual({ join: 1, B: 1, T: 1, S: 1 });
    d.completeTask('B', { redo: false });
    expect(active(d)).toEqual({ join: 2, T: 1, S: 1 });
    d.completeTask('T');
    expect(active(d)).toEqual({ C: 1 });
    d.completeTask('C');
    expect(d.completed()).toMatchObject({ A: 1, B: 2, redoB: 2, T: 1, S: 1, join: 1, C: 1, end: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('waits for a token that can come back through rework looping before the split, and fires once', async () => {
    // B's token could reach fA (already filled) through the rework loop as well as fB (empty): the join waits for it
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="again"/><bpmn:parallelGateway id="fork"/><bpmn:userTask id="A"/><bpmn:userTask id="B"/>
      <bpmn:exclusiveGateway id="chk" default="fB"/><bpmn:inclusiveGateway id="join"/><bpmn:userTask id="C"/><bpmn:endEvent id="e"/>
      ${flow('f0', 's', 'again')}${flow('f1', 'again', 'fork')}${flow('f2', 'fork', 'A')}${flow('f3', 'fork', 'B')}${flow('fA', 'A', 'join')}${flow('f4', 'B', 'chk')}
      ${flow('fB', 'chk', 'join')}${flow('fR', 'chk', 'again', 'rework = true')}${flow('f5', 'join', 'C')}${flow('f6', 'C', 'e')}`);
    const d = await Driver.start(xml);
    d.completeTask('A');
    expect(active(d)).toEqual({ join: 1, B: 1 });
    d.completeTask('B', { rework: false });
    expect(active(d)).toEqual({ C: 1 });
    d.completeTask('C');
    expect(d.completed()).toMatchObject({ join: 1, C: 1, e: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('a subprocess holds the join while its boundary event could still lead a token there', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/><bpmn:userTask id="A"/>
      <bpmn:subProcess id="S"><bpmn:startEvent id="ss"/><bpmn:userTask id="T"/><bpmn:endEvent id="se"/>${flow('s1', 'ss', 'T')}${flow('s2', 'T', 'se')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="late" attachedToRef="S"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:inclusiveGateway id="join"/><bpmn:endEvent id="e"/><bpmn:endEvent id="done"/>
      ${flow('f1', 's', 'fork')}${flow('f2', 'fork', 'A')}${flow('f3', 'fork', 'S')}${flow('fA', 'A', 'join')}${flow('fS', 'S', 'done')}${flow('fL', 'late', 'join')}${flow('f4', 'join', 'e')}`);
    const onTime = await Driver.start(xml);
    onTime.completeTask('A');
    expect(active(onTime)).toEqual({ join: 1, S: 1, T: 1 });
    onTime.completeTask('T');
    expect(onTime.trace().slice(-3)).toEqual(['done', 'join', 'e']);
    const late = await Driver.start(xml);
    late.completeTask('A');
    late.fireTimer('late');
    expect(late.completed()).toMatchObject({ late: 1, join: 1, e: 1 });
    expect(late.ended?.state).toBe('COMPLETED');
  });

  it('a token that left the join\'s path (interrupting boundary) no longer holds it', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/><bpmn:userTask id="A"/><bpmn:userTask id="B"/>
      <bpmn:boundaryEvent id="late" attachedToRef="B"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:inclusiveGateway id="join"/><bpmn:endEvent id="e"/><bpmn:endEvent id="lateEnd"/>
      ${flow('f1', 's', 'fork')}${flow('f2', 'fork', 'A')}${flow('f3', 'fork', 'B')}${flow('fA', 'A', 'join')}${flow('fB', 'B', 'join')}${flow('f4', 'join', 'e')}${flow('f5', 'late', 'lateEnd')}`);
    const d = await Driver.start(xml);
    d.completeTask('A');
    expect(active(d)).toEqual({ join: 1, B: 1 });
    d.fireTimer('late');
    expect(d.trace()).toEqual(['s', 'fork', 'A', 'late', 'lateEnd', 'join', 'e']);
    expect(d.ended?.state).toBe('COMPLETED');
  });
});

describe('scoped events', () => {
  it('a terminate end event inside a subprocess ends only that subprocess; the instance completes', async () => {
    const d = await Driver.start('terminate-subprocess.bpmn');
    d.completeTask('decide');
    expect(d.terminated()).toEqual(['slow']);
    expect(active(d)).toEqual({ outer: 1, after: 1 });
    d.autoComplete();
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.completed()).toMatchObject({ decide: 1, stop: 1, sub: 1, after: 1, outer: 1, end: 1 });
    expect(d.completed().slow).toBeUndefined();
  });

  it('a terminate end event in a multi-instance subprocess ends only its own iteration', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:subProcess id="sub"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
      <bpmn:startEvent id="ss"/><bpmn:parallelGateway id="pf"/><bpmn:userTask id="stopNow"/><bpmn:userTask id="work"/><bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent><bpmn:endEvent id="we"/>
      ${flow('s1', 'ss', 'pf')}${flow('s2', 'pf', 'stopNow')}${flow('s3', 'pf', 'work')}${flow('s4', 'stopNow', 'stop')}${flow('s5', 'work', 'we')}</bpmn:subProcess>
      <bpmn:endEvent id="e"/>${flow('f1', 's', 'sub')}${flow('f2', 'sub', 'e')}`);
    const d = await Driver.start(xml);
    d.completeTask('stopNow');
    expect(d.terminated()).toEqual(['work']);
    expect(active(d)).toEqual({ sub: 1, stopNow: 1, work: 1 });
    d.completeTask('work');
    d.completeTask('stopNow');
    expect(d.completed()).toMatchObject({ sub: 2, stop: 2, we: 1, e: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('a terminate end event in a non-interrupting event subprocess ends only the event subprocess', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:userTask id="main"/><bpmn:endEvent id="e"/>
      <bpmn:subProcess id="es" triggeredByEvent="true"><bpmn:startEvent id="esStart" isInterrupting="false"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:startEvent>
      <bpmn:parallelGateway id="pf"/><bpmn:userTask id="slow"/><bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent>
      ${flow('e1', 'esStart', 'pf')}${flow('e2', 'pf', 'slow')}${flow('e3', 'pf', 'stop')}</bpmn:subProcess>
      ${flow('f1', 's', 'main')}${flow('f2', 'main', 'e')}`, '<bpmn:signal id="sig" name="ping"/>');
    const d = await Driver.start(xml);
    d.signal('ping');
    expect(d.terminated()).toEqual(['slow']);
    expect(active(d)).toEqual({ main: 1 });
    d.completeTask('main');
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('link events jump within their own scope, even when a subprocess reuses the name', async () => {
    const d = await Driver.start('link-subprocess.bpmn');
    d.autoComplete();
    expect(d.trace()).toEqual(['start', 'goTop', 'topNext', 'ss', 'inner', 'goSub', 'subNext', 'innerAfter', 'se', 'sub', 'end']);
  });

  it('a link throw whose catch is in another scope is rejected at deploy', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/>
      <bpmn:intermediateThrowEvent id="out"><bpmn:linkEventDefinition name="x"/></bpmn:intermediateThrowEvent>${flow('s1', 'ss', 'out')}</bpmn:subProcess>
      <bpmn:intermediateCatchEvent id="in"><bpmn:linkEventDefinition name="x"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>
      ${flow('f1', 's', 'sub')}${flow('f2', 'in', 'e')}`);
    await expect(compileBpmn(xml)).rejects.toMatchObject({ details: expect.arrayContaining([expect.objectContaining({ elementId: 'out', rule: 'link-unmatched' })]) });
  });
});

describe('multi-instance bodies and event subprocesses', () => {
  it('non-interrupting boundary events on a multi-instance activity fire once per trigger and leave every inner instance running', async () => {
    const d = await Driver.start('multi-instance-non-interrupting-boundary.bpmn');
    expect(d.tasks.size).toBe(3);
    expect([...d.timers.values()].map((t) => t.elementId)).toEqual(['reminder']);
    d.fireTimer('reminder');
    d.message('askStatus');
    d.message('askStatus');
    expect(d.tasks.size).toBe(3);
    expect([...d.jobs.values()].map((j) => j.elementId)).toEqual(['remind', 'answer', 'answer']);
    d.autoComplete();
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.completed()).toEqual({ start: 1, reminder: 1, remind: 1, remindEnd: 1, asked: 2, answer: 2, answerEnd: 2, review: 3, end: 1 });
    expect(d.engine.subscriptions().messages).toEqual([]);
  });

  it('message start events of event subprocesses correlate on a key of their scope', async () => {
    const d = await Driver.start('event-subprocess-message-correlation.bpmn');
    expect(d.engine.subscriptions().messages).toEqual([{ name: 'question', correlationKey: 'HS-1' }, { name: 'withdraw', correlationKey: 'HS-1' }]);
    d.message('question', 'HS-2');
    expect(d.tasks.size).toBe(1);
    d.message('question', 'HS-1', { text: 'why?' });
    d.message('question', 'HS-1');
    expect([...d.tasks.values()].map((t) => t.elementId).sort()).toEqual(['reply', 'reply', 'review']);
    d.completeTask('reply');
    d.message('withdraw', 'HS-1');
    expect(d.terminated().sort()).toEqual(['questions', 'reply', 'review']);
    expect(active(d)).toEqual({ archive: 1 });
    d.completeTask('archive');
    expect(d.completed()).toMatchObject({ questionStart: 2, reply: 1, withdrawStart: 1, withdrawEnd: 1, handle: 1, archive: 1, end: 1 });
  });

  it('compensation undoes every completed instance of a multi-instance activity and the activities inside a completed subprocess', async () => {
    const d = await Driver.start('compensation-mi-subprocess.bpmn', { cancelled: true });
    d.completeJob('pay', { receipt: 'r1' });
    d.completeJob('pay', { receipt: 'r2' });
    d.completeJob('reserve');
    // Camunda 8: every handler is invoked at once (here newest first); the throw event waits for all
    expect([...d.jobs.values()].map((j) => [j.elementId, j.variables.loopCounter ?? null])).toEqual([['release', null], ['refund', 2], ['refund', 1]]);
    d.completeJob('refund');
    d.completeJob('release');
    expect(active(d)).toEqual({ undo: 1, refund: 1 });
    d.completeJob('refund');
    expect(d.trace().slice(-6)).toEqual(['check', 'refund', 'release', 'refund', 'undo', 'undone']);
    expect(d.completed()).toMatchObject({ pay: 2, reserve: 1, book: 1, release: 1, refund: 2, undo: 1, undone: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('without cancellation nothing is compensated', async () => {
    const d = await Driver.start('compensation-mi-subprocess.bpmn');
    d.autoComplete();
    expect(d.trace()).toEqual(['start', 'pay', 'pay', 'bs', 'reserve', 'be', 'book', 'check', 'end']);
  });
});

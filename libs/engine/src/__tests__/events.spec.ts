/** Conformance: events (timer, message, signal, error, escalation, terminate, link, compensation) on the fixtures. */
import { Driver } from './driver';

describe('timer boundary events', () => {
  it('interrupting timer cancels the task; working calendar is passed to the adapter', async () => {
    const d = await Driver.start('timer-boundary.bpmn');
    expect(d.timer('deadline')).toMatchObject({ timer: { type: 'duration', value: 'P2D' }, calendar: 'working' });
    expect(d.timer('remind')).toMatchObject({ timer: { type: 'cycle', value: 'R2/PT4H' }, calendar: 'absolute' });
    const taskId = d.task('review').taskId;
    const out = d.fireTimer('deadline');
    expect(out).toEqual(expect.arrayContaining([{ kind: 'cancelUserTask', taskId }, expect.objectContaining({ kind: 'cancelTimer' })]));
    d.completeTask('escalate');
    expect(d.completed()).toEqual({ start: 1, deadline: 1, escalate: 1, escalated: 1 });
    expect(d.terminated()).toEqual(['review']);
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('non-interrupting cycle fires its repetitions while the task goes on', async () => {
    const d = await Driver.start('timer-boundary.bpmn');
    d.fireTimer('remind');
    d.fireTimer('remind');
    expect(() => d.timer('remind')).toThrow(); // R2: two repetitions only
    d.autoComplete();
    expect(d.completed()).toMatchObject({ remind: 2, sendReminder: 2, reminded: 2, review: 1, done: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.timers.size).toBe(0);
  });
});

describe('message events', () => {
  it('correlates by key, buffers early messages and maps outputs', async () => {
    const d = await Driver.start('message-events.bpmn', { dossierId: 'HS-1' });
    expect(d.engine.subscriptions().messages).toEqual([{ name: 'supplement', correlationKey: 'HS-1' }]);
    d.message('supplement', 'HS-2', { wrong: true });
    expect(d.engine.view().activeElements).toEqual({ waitSupplement: 1 });
    d.message('payment', 'HS-1', { amount: 20000 }); // arrives early: buffered
    d.message('supplement', 'HS-1', { files: 2 });
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.vars).toEqual({ dossierId: 'HS-1', files: 2, paid: 20000 });
    expect(d.trace()).toEqual(['start', 'waitSupplement', 'waitPayment', 'end']);
  });

  it('starts at the message start event by message name', async () => {
    const d = await Driver.start('message-start.bpmn', {}, { messageName: 'onlineApplication' });
    expect(d.trace()).toEqual(['startByMessage']);
    const n = await Driver.start('message-start.bpmn');
    expect(n.trace()).toEqual(['startNone']);
  });
});

describe('event-based gateway', () => {
  it.each([
    ['message', (d: Driver) => d.message('approved'), 'endApproved'],
    ['timer', (d: Driver) => d.fireTimer('timeout'), 'endTimeout'],
    ['signal', (d: Driver) => d.signal('recall'), 'endRecalled'],
  ])('the first event (%s) wins and the others are withdrawn', async (_k, fire, end) => {
    const d = await Driver.start('event-gateway.bpmn');
    expect(d.engine.view().activeElements).toEqual({ wait: 1 });
    fire(d);
    expect(d.completed()[end]).toBe(1);
    expect(d.timers.size).toBe(0);
    expect(d.engine.subscriptions()).toEqual({ messages: [], signals: [] });
    expect(d.ended?.state).toBe('COMPLETED');
  });
});

describe('error events', () => {
  it('a BPMN error from a job is caught by the matching boundary event of the subprocess', async () => {
    const d = await Driver.start('error-events.bpmn', { amount: 10 });
    const j = d.job('charge');
    d.send({ kind: 'jobBpmnError', jobId: j.jobId, errorCode: 'DECLINED', variables: { reason: 'card' } });
    d.autoComplete();
    expect(d.completed()).toMatchObject({ cardDeclined: 1, askOtherCard: 1, declined: 1 });
    expect(d.completed().anyError).toBeUndefined();
    expect(d.terminated()).toEqual(expect.arrayContaining(['charge', 'payment']));
    expect(d.vars.reason).toBe('card');
  });

  it('an error end event inside the subprocess is caught by the catch-all boundary', async () => {
    const d = await Driver.start('error-events.bpmn', { amount: 5000 });
    d.autoComplete();
    expect(d.completed()).toMatchObject({ anyError: 1, manualReview: 1, reviewed: 1 });
    expect(d.terminated()).toEqual(expect.arrayContaining(['tooLarge', 'payment']));
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('an uncaught error raises an incident; a failed job too, and retry starts a new job', async () => {
    const xml = (await import('./driver')).bpmn(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="t"/><bpmn:endEvent id="e"/>
      <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>`);
    const d = await Driver.start(xml);
    d.send({ kind: 'jobBpmnError', jobId: d.job('t').jobId, errorCode: 'NOPE' });
    const [inc] = d.engine.view().incidents;
    expect(inc).toMatchObject({ elementId: 't', message: expect.stringContaining('NOPE') });
    d.send({ kind: 'retryIncident', incidentId: inc.id });
    d.send({ kind: 'jobFailed', jobId: d.job('t').jobId, message: 'connection refused' });
    expect(d.engine.view().incidents).toEqual([expect.objectContaining({ elementId: 't', message: 'connection refused' })]);
    d.send({ kind: 'retryIncident', incidentId: d.engine.view().incidents[0].id, variables: { fixed: true } });
    d.completeJob('t');
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.vars).toEqual({ fixed: true });
  });
});

describe('escalation events', () => {
  it('a non-interrupting escalation boundary runs alongside; the subprocess continues', async () => {
    const d = await Driver.start('escalation-events.bpmn');
    expect(d.engine.view().activeElements).toEqual({ handle: 1, work: 1, informManager: 1 });
    d.autoComplete();
    expect(d.completed()).toMatchObject({ raise: 1, lateNotice: 1, informManager: 1, work: 1, handle: 1, end: 1, informed: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });
});

describe('event subprocesses', () => {
  it('non-interrupting timer cycle repeats; interrupting message ends the main flow', async () => {
    const d = await Driver.start('event-subprocess.bpmn');
    d.fireTimer('remindStart');
    d.fireTimer('remindStart');
    expect(d.engine.view().activeElements).toMatchObject({ process: 1, remind: 2, notify: 2 });
    d.completeJob('notify');
    d.message('withdraw');
    expect(d.terminated()).toEqual(expect.arrayContaining(['process', 'notify', 'remind']));
    expect(d.timers.size).toBe(0);
    d.completeJob('archive');
    expect(d.completed()).toMatchObject({ withdrawStart: 1, archive: 1, withdrawEnd: 1, withdraw: 1, notify: 1 });
    expect(d.completed().end).toBeUndefined();
    expect(d.ended?.state).toBe('COMPLETED');
  });
});

describe('terminate, link and signal events', () => {
  it('terminate end event ends every token; the instance is TERMINATED', async () => {
    const d = await Driver.start('terminate-end.bpmn', { refused: true });
    expect(d.ended?.state).toBe('TERMINATED');
    expect(d.terminated()).toEqual(['longTask']);
    expect(d.tasks.size).toBe(0);
    const n = await Driver.start('terminate-end.bpmn', { refused: false });
    n.autoComplete();
    expect(n.ended?.state).toBe('COMPLETED');
  });

  it('link throw jumps to the link catch of the same name', async () => {
    const d = await Driver.start('link-events.bpmn');
    d.autoComplete();
    expect(d.trace()).toEqual(['start', 'goToB', 'fromA', 'after', 'end']);
  });

  it('signals: catch, interrupting boundary, and throw (broadcast + local delivery)', async () => {
    const d = await Driver.start('signal-events.bpmn');
    expect(d.engine.subscriptions().signals.sort()).toEqual(['holiday', 'stop']);
    d.signal('holiday');
    expect(d.signals).toEqual([{ kind: 'broadcastSignal', name: 'announced', variables: {} }]);
    d.signal('stop');
    expect(d.completed()).toMatchObject({ waitHoliday: 1, announce: 1, end1: 1, stopAll: 1, stopped: 1 });
    expect(d.terminated()).toEqual(['work']);
    expect(d.ended?.state).toBe('COMPLETED');
  });
});

describe('compensation', () => {
  it('compensation throw runs the handlers of completed activities in reverse order and waits', async () => {
    const d = await Driver.start('compensation.bpmn', { failed: true });
    d.completeJob('book');
    d.completeJob('charge');
    expect([...d.jobs.values()].map((j) => j.elementId)).toEqual(['refund', 'cancelBooking']);
    expect(d.engine.view().activeElements).toMatchObject({ undo: 1 });
    d.completeJob('refund');
    d.completeJob('cancelBooking');
    expect(d.trace().slice(-4)).toEqual(['refund', 'cancelBooking', 'undo', 'undone']);
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('no compensation when the happy path is taken', async () => {
    const d = await Driver.start('compensation.bpmn', { failed: false });
    d.autoComplete();
    expect(d.completed().refund).toBeUndefined();
    expect(d.ended?.state).toBe('COMPLETED');
  });
});

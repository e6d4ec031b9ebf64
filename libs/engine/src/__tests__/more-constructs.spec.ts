/** Conformance: task kinds, error / escalation event subprocesses, nested scopes, message boundaries, timer catch events. */
import { Driver } from './driver';

describe('task kinds', () => {
  it('send / business rule / service are jobs, manual and undefined pass through, script is FEEL', async () => {
    const d = await Driver.start('tasks.bpmn', { fee: 21 });
    expect(d.job('send').taskType).toBe('send-notice');
    d.completeJob('send');
    expect(d.job('rules')).toMatchObject({ taskType: 'decide-fee', variables: { doubled: 42 } });
    d.completeJob('rules');
    expect(d.job('service').taskType).toBe('noop');
    d.completeJob('service');
    expect(d.trace()).toEqual(['start', 'send', 'manual', 'undefinedTask', 'script', 'rules', 'service', 'end']);
  });
});

describe('event subprocesses started by errors and escalations', () => {
  it('an error end event at process level starts the error event subprocess', async () => {
    const d = await Driver.start('error-event-subprocess.bpmn');
    d.autoComplete();
    expect(d.completed()).toMatchObject({ check: 1, caught: 1, notifyApplicant: 1, handled: 1, handleInvalid: 1 });
    expect(d.completed().ok).toBeUndefined();
    expect(d.ended?.state).toBe('COMPLETED');
    const ok = await Driver.start('error-event-subprocess.bpmn');
    ok.completeTask('check', { documentsComplete: true });
    expect(ok.completed()).toMatchObject({ ok: 1 });
    expect(ok.completed().caught).toBeUndefined();
  });

  it('a non-interrupting escalation event subprocess runs beside the main flow', async () => {
    const d = await Driver.start('escalation-event-subprocess.bpmn');
    expect(d.engine.view().activeElements).toEqual({ work: 1, onLate: 1, informChief: 1 });
    d.autoComplete();
    expect(d.completed()).toMatchObject({ late: 1, lateStart: 1, informChief: 1, informed: 1, work: 1, end: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });
});

describe('nested scopes', () => {
  it('a multi-instance subprocess inside a subprocess', async () => {
    const d = await Driver.start('nested-subprocess.bpmn');
    expect([...d.tasks.values()].map((t) => t.variables.unit)).toEqual(['police', 'tax']);
    expect(d.engine.view().activeElements).toEqual({ outer: 1, perUnit: 2, opinion: 2 });
    d.autoComplete();
    expect(d.completed()).toMatchObject({ opinion: 2, iEnd: 2, perUnit: 2, summarise: 1, outer: 1, end: 1 });
  });
});

describe('message boundary events', () => {
  it('non-interrupting questions come and go; an interrupting withdrawal ends the review', async () => {
    const d = await Driver.start('message-boundary.bpmn', { dossierId: 'HS-7' });
    d.message('question', 'HS-7');
    d.message('question', 'HS-8'); // another dossier: buffered, not for this review
    d.message('question', 'HS-7');
    expect(d.engine.view().activeElements).toEqual({ review: 1, answer: 2 });
    d.message('withdraw', 'HS-7');
    expect(d.terminated()).toEqual(['review']);
    d.autoComplete();
    expect(d.completed()).toMatchObject({ question: 2, answer: 2, answered: 2, withdrawn: 1, endWithdrawn: 1 });
    expect(d.completed().end).toBeUndefined();
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('without messages the review completes normally', async () => {
    const d = await Driver.start('message-boundary.bpmn', { dossierId: 'HS-1' });
    d.autoComplete();
    expect(d.trace()).toEqual(['start', 'review', 'end']);
  });
});

describe('intermediate timer events', () => {
  it('waits for a duration, then for a date', async () => {
    const d = await Driver.start('timer-events.bpmn');
    expect(d.timer('coolingOff').timer).toEqual({ type: 'duration', value: 'PT10M' });
    d.fireTimer('coolingOff');
    expect(d.timer('until').timer).toEqual({ type: 'date', value: '2024-05-01T08:00:00Z' });
    d.fireTimer('until');
    expect(d.trace()).toEqual(['start', 'coolingOff', 'until', 'end']);
  });
});

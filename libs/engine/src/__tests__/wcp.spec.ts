/**
 * Workflow control-flow patterns (van der Aalst et al.) WCP 1–20 that BPMN can express
 * with the supported constructs. WCP-9, 15, 17 and 18 are drawn without the constructs
 * this engine rejects (complex gateway, ad-hoc subprocess): wcp-advanced.spec.ts and
 * docs/engine.md.
 */
import { Driver } from './driver';

const done = (d: Driver) => expect(d.ended?.state).toBe('COMPLETED');

describe('workflow control-flow patterns', () => {
  it('WCP-1 sequence', async () => {
    const d = await Driver.start('wcp-01-sequence.bpmn');
    d.autoComplete();
    expect(d.trace()).toEqual(['start', 'A', 'B', 'C', 'end']);
    done(d);
  });

  it('WCP-2 parallel split and WCP-3 synchronization', async () => {
    const d = await Driver.start('wcp-02-03-parallel-split-synchronization.bpmn');
    expect(Object.keys(d.engine.view().activeElements).sort()).toEqual(['A', 'B', 'C']);
    d.completeTask('C');
    d.completeTask('A');
    expect(() => d.task('D')).toThrow();
    d.completeTask('B');
    d.completeTask('D');
    expect(d.completed()).toEqual({ start: 1, split: 1, A: 1, B: 1, C: 1, sync: 1, D: 1, end: 1 });
    done(d);
  });

  it.each([['a', 'A'], ['b', 'B'], ['zzz', 'C']])('WCP-4 exclusive choice and WCP-5 simple merge (route %s → %s)', async (route, task) => {
    const d = await Driver.start('wcp-04-05-exclusive-choice-simple-merge.bpmn', { route });
    d.autoComplete();
    expect(d.trace()).toEqual(['start', 'choice', task, 'merge', 'D', 'end']);
    done(d);
  });

  it.each([
    [{ a: true, b: false, c: true }, ['A', 'C']],
    [{ a: false, b: true, c: false }, ['B']],
    [{ a: true, b: true, c: true }, ['A', 'B', 'C']],
  ])('WCP-6 multi-choice and WCP-7 structured synchronizing merge %j', async (vars, branches) => {
    const d = await Driver.start('wcp-06-07-multi-choice-synchronizing-merge.bpmn', vars);
    expect(Object.keys(d.engine.view().activeElements).sort()).toEqual(branches);
    d.autoComplete();
    const c = d.completed();
    expect(c.merge).toBe(1);
    expect(c.D).toBe(1);
    for (const b of ['A', 'B', 'C']) expect(c[b] ?? 0).toBe(branches.includes(b) ? 1 : 0);
    done(d);
  });

  it('WCP-8 multi-merge: the activity after an uncontrolled merge runs once per incoming token', async () => {
    const d = await Driver.start('wcp-08-multi-merge.bpmn');
    d.autoComplete();
    expect(d.completed()).toMatchObject({ A: 1, B: 1, merge: 2, D: 2, end: 2 });
    done(d);
  });

  it('WCP-10 arbitrary cycles', async () => {
    const d = await Driver.start('wcp-10-arbitrary-cycles.bpmn');
    let b = 0;
    let c = 0;
    d.autoComplete(100, (id) => (id === 'B' ? { redoB: ++b < 3 } : id === 'C' ? { redoC: ++c < 2 } : undefined));
    expect(d.completed()).toMatchObject({ A: 1, B: 3, C: 2, end: 1 });
    done(d);
  });

  it('WCP-11 implicit termination: the instance ends when no token is left', async () => {
    const d = await Driver.start('wcp-11-implicit-termination.bpmn');
    d.completeTask('A');
    expect(d.ended).toBeUndefined();
    d.completeTask('B');
    expect(d.completed()).toMatchObject({ endA: 1, endB: 1 });
    done(d);
  });

  it('WCP-12 multiple instances without synchronization', async () => {
    const d = await Driver.start('wcp-12-mi-without-synchronization.bpmn', { items: [1, 2, 3] });
    d.completeTask('main');
    expect(d.completed().endMain).toBe(1);
    expect(d.tasks.size).toBe(3);
    d.autoComplete();
    expect(d.completed()).toMatchObject({ A: 3, spawn: 3, endSpawn: 1 });
    done(d);
  });

  it('WCP-13 multiple instances with design-time knowledge', async () => {
    const d = await Driver.start('wcp-13-mi-design-time.bpmn');
    expect(d.tasks.size).toBe(3);
    d.autoComplete();
    expect(d.completed()).toMatchObject({ A: 3, B: 1 });
    done(d);
  });

  it('WCP-14 multiple instances with run-time knowledge', async () => {
    const d = await Driver.start('wcp-14-mi-runtime.bpmn', { reviewers: ['lan', 'minh', 'hoa', 'tuan'] });
    expect([...d.tasks.values()].map((t) => t.variables.reviewer)).toEqual(['lan', 'minh', 'hoa', 'tuan']);
    d.autoComplete(100, (id, i) => (id === 'A' ? { vote: i % 2 === 0 } : undefined));
    expect(d.completed()).toMatchObject({ A: 4, B: 1 });
    expect(d.ended?.variables.votes).toEqual([true, false, true, false]);
  });

  it.each([
    ['message', (d: Driver) => d.message('documents'), 'A'],
    ['timer', (d: Driver) => d.fireTimer('expired'), 'B'],
  ])('WCP-16 deferred choice (%s first)', async (_k, fire, task) => {
    const d = await Driver.start('wcp-16-deferred-choice.bpmn');
    fire(d);
    d.autoComplete();
    expect(d.completed()[task]).toBe(1);
    expect(d.completed()[task === 'A' ? 'B' : 'A']).toBeUndefined();
    done(d);
  });

  it('WCP-19 cancel activity', async () => {
    const d = await Driver.start('wcp-19-cancel-activity.bpmn');
    d.message('cancelA');
    expect(d.terminated()).toEqual(['A']);
    expect(d.completed()).toMatchObject({ cancelA: 1, canceled: 1 });
    done(d);
  });

  it('WCP-20 cancel case', async () => {
    const d = await Driver.start('wcp-20-cancel-case.bpmn');
    d.completeTask('A');
    d.signal('cancelCase');
    expect(d.terminated()).toEqual(['B']);
    expect(d.tasks.size).toBe(0);
    expect(d.completed()).toMatchObject({ A: 1, cancelStart: 1, caseCanceled: 1 });
    expect(d.completed().endB).toBeUndefined();
    done(d);
  });
});

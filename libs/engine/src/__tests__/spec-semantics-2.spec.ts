/**
 * BPMN 2.0.2 execution semantics added in session 4 (issue 16, first half), each test
 * naming the section of the spec it follows. Every behaviour change is behind an
 * EngineOptions flag (turned on by a workflow patch) so older histories replay unchanged.
 */
import { Driver } from './driver';

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

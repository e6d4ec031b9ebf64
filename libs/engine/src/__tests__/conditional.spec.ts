/** Conformance: conditional events (boundary, intermediate catch, event-subprocess start). */
import { Driver } from './driver';

describe('conditional events', () => {
  it('fire when their condition becomes true after a variable change, once per rising edge', async () => {
    const d = await Driver.start('conditional-events.bpmn', { fee: 0, paid: false, withdrawn: false });
    expect(d.engine.view().activeElements).toEqual({ collect: 1, update: 1 });
    d.completeTask('update', { fee: 5000 });
    expect(d.engine.view().activeElements).toEqual({ collect: 1, notify: 1, waitPaid: 1 });
    d.completeTask('notify', { paid: true, fee: 6000 });
    expect(d.completed()).toMatchObject({ largeFee: 1, waitPaid: 1, endPaid: 1 });
    d.completeTask('collect');
    expect(d.completed()).toMatchObject({ largeFee: 1, endCollect: 1, endNotify: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('an intermediate conditional event whose condition already holds passes at once', async () => {
    const d = await Driver.start('conditional-events.bpmn', { fee: 0, paid: true, withdrawn: false });
    d.completeTask('update');
    expect(d.completed()).toMatchObject({ waitPaid: 1, endPaid: 1 });
  });

  it('an interrupting conditional event subprocess ends the main flow', async () => {
    const d = await Driver.start('conditional-events.bpmn', { fee: 0, paid: false, withdrawn: false });
    d.completeTask('update', { withdrawn: true });
    expect(d.terminated().sort()).toEqual(['collect', 'waitPaid']);
    expect(d.completed()).toMatchObject({ withdrawn: 1, withdrawEnd: 1, onWithdraw: 1 });
    expect(d.tasks.size).toBe(0);
    expect(d.ended?.state).toBe('COMPLETED');
  });
});

/**
 * Conformance: transaction subprocess with cancel end / cancel boundary events and the
 * compensation a cancellation triggers (BPMN 2.0.2 §10.3.5 "Transaction", cancel events in
 * §10.5, execution §13.5), and ad-hoc subprocesses (§10.3.5 "Ad-Hoc Sub-Process": ordering,
 * completionCondition, cancelRemainingInstances).
 */
import { bpmn, Driver, flow } from './driver';

const open = (d: Driver) => [...d.tasks.values()].map((t) => t.elementId).sort();

describe('transaction subprocess', () => {
  it('a cancel end event terminates the running work, compensates the completed activities newest first, then leaves by the cancel boundary event', async () => {
    const d = await Driver.start('transaction-cancel.bpmn');
    d.completeJob('reserve');
    d.completeJob('charge');
    expect(open(d)).toEqual(['confirm', 'notes']);
    d.completeTask('confirm', { confirmedByApplicant: false });
    // notes (still running) is terminated; the handlers run, refund first (charge completed last)
    expect(d.terminated()).toEqual(['notes']);
    expect([...d.jobs.values()].map((j) => j.elementId)).toEqual(['refund', 'releaseSlot']);
    expect(d.engine.view().activeElements).toEqual({ booking: 1, refund: 1, releaseSlot: 1 });
    d.completeJob('refund');
    expect(d.engine.view().activeElements).toEqual({ booking: 1, releaseSlot: 1 });
    d.completeJob('releaseSlot');
    expect(open(d)).toEqual(['informApplicant']);
    expect(d.records.filter((r) => r.elementId === 'booking').map((r) => r.state)).toEqual(['ACTIVE', 'TERMINATED']);
    d.completeTask('informApplicant');
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.completed()).toMatchObject({ cancelEnd: 1, onCancelled: 1, endCancelled: 1, refund: 1, releaseSlot: 1 });
    expect(d.completed().endBooked).toBeUndefined();
  });

  it('a transaction that ends normally completes and nothing is compensated', async () => {
    const d = await Driver.start('transaction-cancel.bpmn');
    d.completeJob('reserve');
    d.completeJob('charge');
    d.completeTask('notes');
    d.completeTask('confirm', { confirmedByApplicant: true });
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.completed()).toMatchObject({ booking: 1, endBooked: 1 });
    expect(d.completed().refund).toBeUndefined();
    expect(d.completed().onCancelled).toBeUndefined();
  });

  it('cancelled before anything completed: no handler, straight to the cancel boundary event', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="s"/>
       <bpmn:transaction id="tx"><bpmn:startEvent id="ts"/><bpmn:endEvent id="cx"><bpmn:cancelEventDefinition/></bpmn:endEvent>${flow('t1', 'ts', 'cx')}</bpmn:transaction>
       <bpmn:boundaryEvent id="bc" attachedToRef="tx"><bpmn:cancelEventDefinition/></bpmn:boundaryEvent>
       <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>${flow('f1', 's', 'tx')}${flow('f2', 'tx', 'e1')}${flow('f3', 'bc', 'e2')}`,
    );
    const d = await Driver.start(xml);
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.trace()).toEqual(['s', 'ts', 'cx', 'bc', 'e2']);
  });
});

describe('ad-hoc subprocess', () => {
  it('sequential: the offered activities run one at a time in document order; parallel: all at once', async () => {
    const d = await Driver.start('ad-hoc-subprocess.bpmn');
    expect(open(d)).toEqual(['checkIdentity']);
    d.completeTask('checkIdentity');
    expect(open(d)).toEqual(['checkAddress']);
    d.completeTask('checkAddress');
    // the script ran last, then the parallel one offers its three activities at once
    expect(d.vars.checksDone).toBe(2);
    expect(open(d)).toEqual(['askPolice', 'askTax', 'askWard']);
  });

  it('the completion condition ends it when it holds and cancels what still runs (cancelRemainingInstances)', async () => {
    const d = await Driver.start('ad-hoc-subprocess.bpmn');
    d.completeTask('checkIdentity');
    d.completeTask('checkAddress');
    d.completeTask('askWard');
    expect(d.vars.opinionsIn).toBe(1);
    expect(open(d)).toEqual(['askPolice', 'askTax']);
    d.completeTask('askPolice');
    expect(d.vars.opinionsIn).toBe(2);
    expect(d.terminated()).toEqual(['askTax']);
    expect(open(d)).toEqual(['decide']);
    d.completeTask('decide');
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('cancelRemainingInstances="false": no new activity starts, the running ones finish', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="s"/>
       <bpmn:adHocSubProcess id="ah" ordering="Parallel" cancelRemainingInstances="false"><bpmn:completionCondition>=done = true</bpmn:completionCondition>
         <bpmn:userTask id="a"/><bpmn:userTask id="b"/></bpmn:adHocSubProcess>
       <bpmn:userTask id="after"/><bpmn:endEvent id="e"/>${flow('f1', 's', 'ah')}${flow('f2', 'ah', 'after')}${flow('f3', 'after', 'e')}`,
    );
    const d = await Driver.start(xml);
    d.completeTask('a', { done: true });
    expect(open(d)).toEqual(['b']);
    d.completeTask('b');
    expect(open(d)).toEqual(['after']);
    const seq = await Driver.start(xml.replace('ordering="Parallel"', 'ordering="Sequential"'));
    seq.completeTask('a', { done: true });
    // the condition held: b is not started
    expect(open(seq)).toEqual(['after']);
    expect(seq.completed().b).toBeUndefined();
  });
});

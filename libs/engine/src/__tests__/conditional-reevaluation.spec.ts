/**
 * Conformance: conditional events are re-evaluated whenever variables change (BPMN 2.0.2
 * §10.5.5 "Conditional": the event is triggered when its condition becomes true; §13.5.x
 * boundary / event-subprocess semantics), whatever changed them — a user task completed
 * with variables, a job, a message correlated with variables, a script, an incident retried
 * with variables — and in nested scopes: a boundary on a task inside a subprocess, the
 * conditional start of an event subprocess of that subprocess (whose condition reads a
 * subprocess-local variable), and an interrupting boundary on the subprocess itself.
 */
import { bpmn, Driver, flow } from './driver';

const FIXTURE = 'conditional-nested.bpmn';

describe('conditional events re-evaluated on every variable change', () => {
  it('a user task completed with variables fires the conditions inside a subprocess (boundary of an inner task)', async () => {
    const d = await Driver.start(FIXTURE, {});
    expect(d.engine.view().activeElements).toEqual({ reviewScope: 1, review: 1, prepare: 1 });
    // prepare → script sets urgent = true → the non-interrupting boundary of the inner task fires
    d.completeTask('prepare');
    expect(d.engine.view().activeElements).toEqual({ reviewScope: 1, review: 1, expedite: 1, waitPayment: 1 });
    expect(d.completed()).toMatchObject({ markUrgent: 1, urgentB: 1 });
  });

  it('a message correlated with variables fires the event-subprocess start of the subprocess, reading its local variable', async () => {
    const d = await Driver.start(FIXTURE, { attempts: 1 });
    // `limit` (3) exists only inside the subprocess (input mapping): the condition is evaluated in that scope
    d.message('update', undefined, { attempts: 3 });
    expect(d.engine.view().activeElements).toEqual({ reviewScope: 1, review: 1, prepare: 1 });
    d.message('update', undefined, { attempts: 4 });
    expect(d.engine.view().activeElements).toEqual({ reviewScope: 1, review: 1, prepare: 1, overLimitES: 1, notifyOverLimit: 1 });
    expect(d.vars.attempts).toBe(4);
    expect(d.vars.limit).toBeUndefined();
  });

  it('fires on each rising edge only (non-interrupting: again after the condition was false in between)', async () => {
    const d = await Driver.start(FIXTURE, { attempts: 5 });
    // true from the start: fires once when the subprocess is entered (evaluated on entry)
    expect(d.engine.view().activeElements.notifyOverLimit).toBe(1);
    d.message('update', undefined, { attempts: 6 }); // still true: no new edge
    expect(d.engine.view().activeElements.notifyOverLimit).toBe(1);
    d.message('update', undefined, { attempts: 0 }); // false
    d.message('update', undefined, { attempts: 9 }); // rising again
    expect(d.engine.view().activeElements.notifyOverLimit).toBe(2);
  });

  it('an interrupting conditional boundary on the subprocess ends everything inside it (message with variables)', async () => {
    const d = await Driver.start(FIXTURE, { attempts: 5 });
    d.completeTask('prepare');
    expect(d.engine.view().activeElements).toEqual({ reviewScope: 1, review: 1, expedite: 1, overLimitES: 1, notifyOverLimit: 1, waitPayment: 1 });
    d.message('payment', undefined, { withdrawn: true });
    expect(d.terminated().sort()).toEqual(['expedite', 'notifyOverLimit', 'overLimitES', 'review', 'reviewScope']);
    expect(d.engine.view().activeElements).toEqual({ closeWithdrawn: 1 });
    expect([...d.tasks.values()].map((t) => t.elementId)).toEqual(['closeWithdrawn']);
    d.completeTask('closeWithdrawn');
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('a job completed with variables and an incident retried with variables re-evaluate the conditions', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="s"/>
       <bpmn:parallelGateway id="fork"/>
       <bpmn:userTask id="wait"/>
       <bpmn:boundaryEvent id="big" attachedToRef="wait" cancelActivity="false"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=amount &gt; 100</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:boundaryEvent>
       <bpmn:userTask id="audit"/>
       <bpmn:serviceTask id="fetch"><bpmn:extensionElements><zeebe:taskDefinition type="fetch"/></bpmn:extensionElements></bpmn:serviceTask>
       <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/><bpmn:endEvent id="e3"/>
       ${flow('f1', 's', 'fork')}${flow('f2', 'fork', 'wait')}${flow('f3', 'fork', 'fetch')}${flow('f4', 'fetch', 'e1')}
       ${flow('f5', 'wait', 'e2')}${flow('f6', 'big', 'audit')}${flow('f7', 'audit', 'e3')}`,
    );
    const byJob = await Driver.start(xml, {});
    byJob.completeJob('fetch', { amount: 50 });
    expect(byJob.engine.view().activeElements).toEqual({ wait: 1 });
    const again = await Driver.start(xml, {});
    again.completeJob('fetch', { amount: 150 });
    expect(again.engine.view().activeElements).toEqual({ wait: 1, audit: 1 });

    const byRetry = await Driver.start(xml, {});
    byRetry.send({ kind: 'jobFailed', jobId: byRetry.job('fetch').jobId, message: 'down' });
    const [incidentId] = [...byRetry.incidents.keys()];
    byRetry.send({ kind: 'retryIncident', incidentId, variables: { amount: 101 } });
    expect(byRetry.engine.view().activeElements).toEqual({ wait: 1, fetch: 1, audit: 1 });
  });
});

import { Driver, bpmn, flow } from './driver';

const S = '<bpmn:startEvent id="s"/>';
const E = '<bpmn:endEvent id="e"/>';
/** s → fetch (service task, fails) → review (user task) → e; a boundary message on review */
const MODEL = bpmn(
  `${S}<bpmn:serviceTask id="fetch"/><bpmn:userTask id="review"/><bpmn:boundaryEvent id="recall" attachedToRef="review"><bpmn:messageEventDefinition messageRef="m"/></bpmn:boundaryEvent>` +
    `<bpmn:endEvent id="recalled"/>${E}${flow('f1', 's', 'fetch')}${flow('f2', 'fetch', 'review')}${flow('f3', 'review', 'e')}${flow('f4', 'recall', 'recalled')}`,
  '<bpmn:message id="m" name="recall"/>',
);

describe('token modification', () => {
  it('moves a token stuck in an incident past the failing service task, with variables; the incident is resolved', async () => {
    const d = await Driver.start(MODEL);
    d.send({ kind: 'jobFailed', jobId: d.job('fetch').jobId, message: 'upstream down' });
    expect(d.engine.view().incidents).toHaveLength(1);
    const instructions = [{ kind: 'move' as const, from: 'fetch', to: 'review', variables: { fetched: 'by hand' } }];
    expect(d.engine.checkModification(instructions)).toEqual([]);
    d.send({ kind: 'modify', instructions });
    expect(d.engine.view().incidents).toEqual([]);
    expect(d.incidents.size).toBe(0); // incidentResolved emitted
    expect(d.terminated()).toEqual(['fetch']);
    expect(d.task('review').variables).toMatchObject({ fetched: 'by hand' });
    d.completeTask('review');
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('start before, start after and cancel; cancelling the last token completes the process', async () => {
    const d = await Driver.start(MODEL);
    d.send({ kind: 'modify', instructions: [{ kind: 'startAfter', elementId: 'fetch' }] });
    expect(d.engine.view().activeElements).toEqual({ fetch: 1, review: 1 });
    d.send({ kind: 'modify', instructions: [{ kind: 'startBefore', elementId: 'review' }] });
    expect(d.engine.view().activeElements).toEqual({ fetch: 1, review: 2 });
    d.send({ kind: 'modify', instructions: [{ kind: 'cancel', elementId: 'review' }, { kind: 'cancel', elementId: 'fetch' }] });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it("refuses Camunda's forbidden targets and impossible instructions with the element and a reason", async () => {
    const d = await Driver.start(MODEL);
    const check = (i: Parameters<typeof d.engine.checkModification>[0]) => d.engine.checkModification(i).map((p) => [p.elementId, p.message]);
    expect(check([{ kind: 'startBefore', elementId: 's' }])).toEqual([['s', expect.stringContaining('startEvent cannot be a modification target')]]);
    expect(check([{ kind: 'move', from: 'fetch', to: 'recall' }])).toEqual([['recall', expect.stringContaining('boundaryEvent cannot be a modification target')]]);
    expect(check([{ kind: 'cancel', elementId: 'review' }])).toEqual([['review', "'review' has no active instance"]]);
    expect(check([{ kind: 'startBefore', elementId: 'ghost' }])).toEqual([['ghost', "'ghost' is not an element of this version"]]);
    expect(check([])).toHaveLength(1);
    // applying a refused modification throws (the workflow checks first and never gets here)
    expect(() => d.engine.handle({ kind: 'modify', instructions: [{ kind: 'startBefore', elementId: 's' }] })).toThrow(/modification refused/);
    expect(d.engine.view().activeElements).toEqual({ fetch: 1 });
  });
});

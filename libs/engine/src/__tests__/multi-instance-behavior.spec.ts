/**
 * Conformance: multi-instance `behavior` (BPMN 2.0.2 §10.3.8 MultiInstanceLoopCharacteristics,
 * execution §13.3.7) — None throws the noneBehaviorEventRef event each time an inner instance
 * completes, One the oneBehaviorEventRef event when the first completes, All nothing, Complex
 * the event of every complexBehaviorDefinition whose condition holds; the boundary events of
 * the multi-instance activity catch them. And negative loop values (loopCardinality,
 * loopMaximum): an incident that says what is wrong, never a crash.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- the deploy-time refusal is checked with the real compiler, as the driver does
import { BpmnCompileError, compileBpmn } from '@tthc/bpmn';
import { bpmn, Driver, flow } from './driver';

const FIXTURE = 'multi-instance-behavior.bpmn';
const open = (d: Driver) => [...d.tasks.values()].map((t) => t.elementId).sort();

describe('multi-instance behavior events', () => {
  it('One: the first inner instance to complete throws the signal once; the boundary event catches it', async () => {
    const d = await Driver.start(FIXTURE);
    expect(open(d)).toEqual(['reviewers', 'reviewers', 'reviewers']);
    d.completeTask('reviewers');
    expect(open(d)).toEqual(['prepare', 'reviewers', 'reviewers']);
    expect(d.signals.map((s) => s.name)).toEqual(['firstReviewDone']);
    d.completeTask('reviewers');
    d.completeTask('reviewers');
    // the two later completions throw nothing
    expect(d.completed()).toMatchObject({ reviewers: 3, onFirstReview: 1 });
    expect(d.signals).toHaveLength(1);
  });

  it('None: every inner instance that completes throws the escalation (sequential service task, 3 times)', async () => {
    const d = await Driver.start(FIXTURE);
    for (let i = 0; i < 3; i++) d.completeTask('reviewers');
    d.completeTask('prepare');
    for (let i = 0; i < 3; i++) d.completeJob('inspections');
    expect(d.completed()).toMatchObject({ inspections: 3, onInspected: 3, countInspection: 3 });
    expect(open(d)).toEqual(['votes', 'votes', 'votes']);
  });

  it('Complex: the event is thrown when its condition holds (2 of 3 votes); an interrupting boundary ends the rest', async () => {
    const d = await Driver.start(FIXTURE);
    d.autoComplete(20, () => undefined);
    const d2 = await Driver.start(FIXTURE);
    for (let i = 0; i < 3; i++) d2.completeTask('reviewers');
    d2.completeTask('prepare');
    for (let i = 0; i < 3; i++) d2.completeJob('inspections');
    d2.completeTask('votes');
    expect(open(d2)).toEqual(['votes', 'votes']);
    d2.completeTask('votes');
    expect(open(d2)).toEqual(['decide']);
    // the third vote, and the multi-instance body with it
    expect(d2.records.filter((r) => r.state === 'TERMINATED').map((r) => r.elementType).sort()).toEqual(['multiInstanceBody', 'userTask']);
    d2.completeTask('decide');
    expect(d2.ended?.state).toBe('COMPLETED');
    expect(d2.completed().endUnanimous).toBeUndefined();
    // the same run driven blindly ends the same way
    expect(d.completed()).toMatchObject({ onMajority: 1, decide: 1, endDecided: 1 });
  });

  it('All (the default) throws nothing; a behavior that would throw a message is refused at deploy with the element id', async () => {
    const all = await Driver.start(
      bpmn(
        `<bpmn:startEvent id="s"/><bpmn:userTask id="t"><bpmn:multiInstanceLoopCharacteristics behavior="All" oneBehaviorEventRef="evSig"><bpmn:loopCardinality>=2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
         <bpmn:boundaryEvent id="b" attachedToRef="t" cancelActivity="false"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:boundaryEvent><bpmn:userTask id="after"/>
         <bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}${flow('f3', 'b', 'after')}`,
        '<bpmn:signal id="sig" name="sig"/><bpmn:signalEventDefinition id="evSig" signalRef="sig"/>',
      ),
    );
    all.completeTask('t');
    all.completeTask('t');
    expect(all.signals).toEqual([]);
    expect(all.ended?.state).toBe('COMPLETED');
    const xml = bpmn(
      `<bpmn:startEvent id="s"/><bpmn:userTask id="t"><bpmn:multiInstanceLoopCharacteristics behavior="None" noneBehaviorEventRef="evMsg"><bpmn:loopCardinality>=2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`,
      '<bpmn:message id="m" name="done"/><bpmn:messageEventDefinition id="evMsg" messageRef="m"/>',
    );
    const err = await compileBpmn(xml).catch((e) => e);
    expect(err).toBeInstanceOf(BpmnCompileError);
    expect((err as BpmnCompileError).details).toEqual([expect.objectContaining({ elementId: 't', rule: 'unsupported-element', message: expect.stringContaining('only signal and escalation') })]);
  });
});

describe('negative loop values', () => {
  const mi = (cardinality: string) =>
    bpmn(`<bpmn:startEvent id="s"/><bpmn:userTask id="t"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>${cardinality}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`);
  const loop = (max: number) =>
    bpmn(`<bpmn:startEvent id="s"/><bpmn:userTask id="t"><bpmn:standardLoopCharacteristics loopMaximum="${max}"><bpmn:loopCondition>=true</bpmn:loopCondition></bpmn:standardLoopCharacteristics></bpmn:userTask><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`);

  it('a negative loopCardinality is an incident naming the element and the value; a retry with a corrected variable runs it', async () => {
    const d = await Driver.start(mi('=n'), { n: -2 }, undefined, { loopValueIncidents: true });
    const [incident] = [...d.incidents.values()];
    expect(incident).toMatchObject({ elementId: 't' });
    expect(incident.message).toBe("loopCardinality 'n' of 't' is -2: the number of instances cannot be negative — correct the variables it reads and retry");
    expect(d.engine.view().state).toBe('ACTIVE');
    d.send({ kind: 'retryIncident', incidentId: incident.incidentId, variables: { n: 2 } });
    expect(open(d)).toEqual(['t', 't']);
  });

  it('a negative loopMaximum is an incident (before the patch: the body ran once)', async () => {
    const d = await Driver.start(loop(-1), {}, undefined, { loopValueIncidents: true });
    const [incident] = [...d.incidents.values()];
    expect(incident).toMatchObject({ elementId: 't' });
    expect(incident.message).toContain("loopMaximum of 't' is -1");
    expect(d.tasks.size).toBe(0);
    // histories recorded before the patch keep their path
    const old = await Driver.start(loop(-1));
    expect(old.incidents.size).toBe(0);
    old.completeTask('t');
    expect(old.ended?.state).toBe('COMPLETED');
    const oldCardinality = await Driver.start(mi('=-1'));
    expect([...oldCardinality.incidents.values()][0].message).toBe("loopCardinality '-1' is not a non-negative number");
  });

  it('a loopMaximum of 2 still caps the loop', async () => {
    const d = await Driver.start(loop(2), {}, undefined, { loopValueIncidents: true });
    d.completeTask('t');
    d.completeTask('t');
    expect(d.completed().t).toBe(2);
    expect(d.ended?.state).toBe('COMPLETED');
  });
});

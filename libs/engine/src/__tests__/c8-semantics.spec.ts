/**
 * Camunda 8 behaviours behind EngineOptions switches (off by default so recorded histories
 * replay unchanged): non-boolean conditions are incidents (`strictConditions`), and an
 * escalation a child process does not catch reaches the parent's call activity
 * (`escalateToParent` in the child, `childEscalated` in the parent).
 */
import { Driver, bpmn, flow } from './driver';

const strict = { strictConditions: true };
const gatewayXml = bpmn(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="gw" default="fd"/>
  <bpmn:task id="big"/><bpmn:task id="other"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
  ${flow('f0', 's', 'gw')}${flow('fa', 'gw', 'big', '= amount > 100')}${flow('fd', 'gw', 'other')}${flow('x1', 'big', 'e1')}${flow('x2', 'other', 'e2')}`);

describe('strictConditions: a condition must yield a boolean (Camunda 8)', () => {
  it('a missing variable makes the exclusive gateway raise an incident even though it has a default flow', async () => {
    const d = await Driver.start(gatewayXml, {}, undefined, strict);
    const [inc] = [...d.incidents.values()];
    expect(inc).toMatchObject({ elementId: 'gw', message: "Expected result of the expression 'amount > 100' to be 'BOOLEAN', but was 'NULL'" });
    expect(d.engine.view().state).toBe('ACTIVE');
    d.send({ kind: 'retryIncident', incidentId: inc.incidentId, variables: { amount: 5 } });
    expect(d.trace()).toEqual(['s', 'gw', 'other', 'e2']);
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('false still takes the default flow; a value of another type is an incident too', async () => {
    expect((await Driver.start(gatewayXml, { amount: 1 }, undefined, strict)).trace()).toEqual(['s', 'gw', 'other', 'e2']);
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="gw" default="fd"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
      ${flow('f0', 's', 'gw')}${flow('fa', 'gw', 'e1', 'amount')}${flow('fd', 'gw', 'e2')}`);
    const d = await Driver.start(xml, { amount: 3 }, undefined, strict);
    expect([...d.incidents.values()][0].message).toContain("but was 'NUMBER'");
  });

  it('inclusive gateway and conditional flows of an activity evaluate every condition: one null → incident', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:inclusiveGateway id="gw"/><bpmn:task id="a"/><bpmn:task id="b"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
      ${flow('f0', 's', 'gw')}${flow('fa', 'gw', 'a', 'x = 1')}${flow('fb', 'gw', 'b', 'y > 1')}${flow('x1', 'a', 'e1')}${flow('x2', 'b', 'e2')}`);
    const d = await Driver.start(xml, { x: 1 }, undefined, strict);
    expect([...d.incidents.values()].map((i) => i.elementId)).toEqual(['gw']);
    const legacy = await Driver.start(xml, { x: 1 });
    expect(legacy.trace()).toEqual(['s', 'gw', 'a', 'e1']);
  });

  it('a null completion condition of a multi-instance activity is an incident', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:userTask id="t"><bpmn:multiInstanceLoopCharacteristics>
      <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item"/></bpmn:extensionElements>
      <bpmn:completionCondition>= done > 1</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask><bpmn:endEvent id="e"/>
      ${flow('f0', 's', 't')}${flow('f1', 't', 'e')}`);
    const d = await Driver.start(xml, { items: [1, 2] }, undefined, strict);
    d.completeTask('t');
    expect([...d.incidents.values()].map((i) => [i.elementId, i.message])).toEqual([['t', expect.stringContaining("'done > 1' to be 'BOOLEAN'")]]);
  });
});

const CHILD_NS = '<bpmn:escalation id="esc" name="late" escalationCode="LATE"/>';
const child = bpmn(`<bpmn:startEvent id="cs"/><bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:intermediateThrowEvent>
  <bpmn:userTask id="work"/><bpmn:endEvent id="ce"/>${flow('c1', 'cs', 'raise')}${flow('c2', 'raise', 'work')}${flow('c3', 'work', 'ce')}`, CHILD_NS);
const parent = (interrupting: boolean) => bpmn(`<bpmn:startEvent id="s"/>
  <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child"/></bpmn:extensionElements></bpmn:callActivity>
  <bpmn:boundaryEvent id="onLate" attachedToRef="call" cancelActivity="${interrupting}"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:boundaryEvent>
  <bpmn:userTask id="notify"/><bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>
  ${flow('f1', 's', 'call')}${flow('f2', 'call', 'e')}${flow('f3', 'onLate', 'notify')}${flow('f4', 'notify', 'e2')}`, CHILD_NS);

describe('escalation from a child process reaches the call activity', () => {
  it('the child reports an escalation nobody caught and goes on', async () => {
    const c = await Driver.start(child, {}, undefined, { escalateToParent: true });
    expect(c.escalations).toEqual([{ kind: 'escalateToParent', elementId: 'raise', escalationCode: 'LATE' }]);
    expect(c.engine.view().activeElements).toEqual({ work: 1 });
    const standalone = await Driver.start(child);
    expect(standalone.escalations).toEqual([]);
  });

  it('a non-interrupting boundary event on the call activity runs its path; the child keeps running', async () => {
    const p = await Driver.start(parent(false));
    const [ch] = [...p.children.values()];
    p.send({ kind: 'childEscalated', childId: ch.childId, escalationCode: 'LATE' });
    expect(p.commands.filter((x) => x.kind === 'cancelChild')).toEqual([]);
    p.completeTask('notify');
    expect(p.ended).toBeUndefined();
    p.send({ kind: 'childCompleted', childId: ch.childId });
    expect(p.ended?.state).toBe('COMPLETED');
    expect(p.completed()).toEqual({ s: 1, onLate: 1, notify: 1, e2: 1, call: 1, e: 1 });
  });

  it('an interrupting boundary event cancels the child', async () => {
    const p = await Driver.start(parent(true));
    const [ch] = [...p.children.values()];
    p.send({ kind: 'childEscalated', childId: ch.childId, escalationCode: 'LATE' });
    expect(p.commands).toContainEqual({ kind: 'cancelChild', childId: ch.childId });
    expect(p.terminated()).toEqual(['call']);
    p.completeTask('notify');
    expect(p.trace()).toEqual(['s', 'onLate', 'notify', 'e2']);
    // a late event of the cancelled child changes nothing
    expect(p.send({ kind: 'childEscalated', childId: ch.childId, escalationCode: 'LATE' })).toEqual([]);
  });

  it('uncaught in the parent too: passed further up when the parent is itself a child', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child"/></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:endEvent id="e"/>${flow('f1', 's', 'call')}${flow('f2', 'call', 'e')}`);
    const p = await Driver.start(xml, {}, undefined, { escalateToParent: true });
    p.send({ kind: 'childEscalated', childId: [...p.children.values()][0].childId, escalationCode: 'LATE' });
    expect(p.escalations).toEqual([{ kind: 'escalateToParent', elementId: 'call', escalationCode: 'LATE' }]);
    expect(p.engine.view().activeElements).toEqual({ call: 1 });
  });
});

/**
 * The event support matrix of docs/engine.md, checked against the compiler: every ✔ cell
 * deploys, every ✘ cell is rejected with `unsupported-element` (never passed through).
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests compile real BPMN with the real compiler
import { BpmnCompileError, compileBpmn } from '@tthc/bpmn';
import { bpmn, flow } from './driver';

const DEFS = `<bpmn:message id="m" name="m"/><bpmn:signal id="sg" name="sg"/><bpmn:error id="er" errorCode="E"/><bpmn:escalation id="es" escalationCode="X"/>`;
const ev: Record<string, string> = {
  message: '<bpmn:messageEventDefinition messageRef="m"/>',
  timer: '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>',
  signal: '<bpmn:signalEventDefinition signalRef="sg"/>',
  error: '<bpmn:errorEventDefinition errorRef="er"/>',
  escalation: '<bpmn:escalationEventDefinition escalationRef="es"/>',
  conditional: '<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">= x = 1</bpmn:condition></bpmn:conditionalEventDefinition>',
  compensation: '<bpmn:compensateEventDefinition/>',
  terminate: '<bpmn:terminateEventDefinition/>',
  cancel: '<bpmn:cancelEventDefinition/>',
  multiple: '<bpmn:messageEventDefinition messageRef="m"/><bpmn:signalEventDefinition signalRef="sg"/>',
};
const startDef = (k: string) => (k === 'timer' ? '<bpmn:timerEventDefinition><bpmn:timeDate>2030-01-01T00:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition>' : ev[k]);

const positions: Record<string, (k: string) => string> = {
  processStart: (k) => `<bpmn:startEvent id="x">${startDef(k)}</bpmn:startEvent><bpmn:endEvent id="e"/>${flow('f1', 'x', 'e')}`,
  eventSubStart: (k) => `<bpmn:startEvent id="s"/><bpmn:userTask id="t"/><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}
    <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="x">${ev[k]}</bpmn:startEvent><bpmn:endEvent id="ee"/>${flow('g1', 'x', 'ee')}</bpmn:subProcess>`,
  intermediateCatch: (k) => `<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="x">${ev[k]}</bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>${flow('f1', 's', 'x')}${flow('f2', 'x', 'e')}`,
  intermediateThrow: (k) => `<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="x">${ev[k]}</bpmn:intermediateThrowEvent><bpmn:endEvent id="e"/>${flow('f1', 's', 'x')}${flow('f2', 'x', 'e')}`,
  boundary: (k) => `<bpmn:startEvent id="s"/><bpmn:userTask id="t"/><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}
    <bpmn:boundaryEvent id="x" attachedToRef="t">${ev[k]}</bpmn:boundaryEvent>` +
    (k === 'compensation' ? `<bpmn:serviceTask id="undo" isForCompensation="true"/><bpmn:association id="a" sourceRef="x" targetRef="undo"/>` : `<bpmn:endEvent id="be"/>${flow('f3', 'x', 'be')}`),
  end: (k) => `<bpmn:startEvent id="s"/><bpmn:endEvent id="x">${ev[k]}</bpmn:endEvent>${flow('f1', 's', 'x')}`,
};

// ✔ per position, as in the docs' table (link is checked separately: throw and catch come in pairs)
const supported: Record<string, string[]> = {
  processStart: ['message', 'timer', 'signal'],
  eventSubStart: ['message', 'timer', 'signal', 'error', 'escalation', 'conditional'],
  intermediateCatch: ['message', 'timer', 'signal', 'conditional'],
  intermediateThrow: ['message', 'signal', 'escalation', 'compensation'],
  boundary: ['message', 'timer', 'signal', 'error', 'escalation', 'conditional', 'compensation'],
  end: ['message', 'signal', 'error', 'escalation', 'compensation', 'terminate'],
};
// ✘ cells: allowed by BPMN, rejected here
const rejected: Record<string, string[]> = {
  processStart: ['conditional', 'multiple'],
  eventSubStart: ['compensation', 'multiple'],
  intermediateCatch: ['multiple'],
  intermediateThrow: ['multiple'],
  boundary: ['multiple'],
  end: ['multiple'],
};

const cases = (table: Record<string, string[]>) => Object.entries(table).flatMap(([p, kinds]) => kinds.map((k) => [p, k] as const));

describe('event support matrix', () => {
  it.each(cases(supported))('%s × %s deploys', async (position, kind) => {
    const r = await compileBpmn(bpmn(positions[position](kind), DEFS));
    expect(r.processes[0].graph.root.nodes.x ?? r.processes[0].graph.root.nodes.esp.scope!.nodes.x).toBeDefined();
  });

  it.each(cases(rejected))('%s × %s is rejected as unsupported', async (position, kind) => {
    const err = await compileBpmn(bpmn(positions[position](kind), DEFS)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BpmnCompileError);
    expect((err as BpmnCompileError).details).toContainEqual(expect.objectContaining({ elementId: 'x', rule: 'unsupported-element' }));
  });

  it('link throw and catch deploy as a pair', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="lt"><bpmn:linkEventDefinition name="L"/></bpmn:intermediateThrowEvent>
      <bpmn:intermediateCatchEvent id="lc"><bpmn:linkEventDefinition name="L"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>${flow('f1', 's', 'lt')}${flow('f2', 'lc', 'e')}`);
    expect((await compileBpmn(xml)).processes[0].graph.root.nodes.lt.linkTarget).toBe('lc');
  });

  it('complexGateway is rejected as unsupported, with what to draw instead', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:complexGateway id="x"/><bpmn:endEvent id="e"/>${flow('f1', 's', 'x')}${flow('f2', 'x', 'e')}`);
    const err = (await compileBpmn(xml).catch((e: unknown) => e)) as BpmnCompileError;
    expect(err.details).toContainEqual(expect.objectContaining({ elementId: 'x', rule: 'unsupported-element', message: expect.stringContaining('inclusive gateway') }));
  });

  it('transaction with cancel end and cancel boundary events, and ad-hoc subprocess, deploy', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/>
      <bpmn:transaction id="tx"><bpmn:startEvent id="ts"/><bpmn:endEvent id="x"><bpmn:cancelEventDefinition/></bpmn:endEvent>${flow('t1', 'ts', 'x')}</bpmn:transaction>
      <bpmn:boundaryEvent id="bc" attachedToRef="tx"><bpmn:cancelEventDefinition/></bpmn:boundaryEvent>
      <bpmn:adHocSubProcess id="ah"><bpmn:userTask id="a"/></bpmn:adHocSubProcess>
      <bpmn:endEvent id="e"/>${flow('f1', 's', 'tx')}${flow('f2', 'tx', 'ah')}${flow('f3', 'ah', 'e')}${flow('f4', 'bc', 'e')}`);
    const root = (await compileBpmn(xml)).processes[0].graph.root;
    expect(root.nodes.tx).toMatchObject({ type: 'subProcess', transaction: true });
    expect(root.nodes.ah).toMatchObject({ type: 'subProcess', adHoc: { ordering: 'parallel', cancelRemainingInstances: true } });
    expect(root.nodes.bc.eventDefinition).toEqual({ kind: 'cancel' });
  });

  it.each([
    ['a cancel end event outside a transaction', `<bpmn:startEvent id="s"/><bpmn:endEvent id="x"><bpmn:cancelEventDefinition/></bpmn:endEvent>${flow('f1', 's', 'x')}`, 'unsupported-element', 'only directly inside a transaction'],
    ['a cancel boundary event on a task', `<bpmn:startEvent id="s"/><bpmn:userTask id="t"/><bpmn:boundaryEvent id="x" attachedToRef="t"><bpmn:cancelEventDefinition/></bpmn:boundaryEvent><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}${flow('f3', 'x', 'e')}`, 'unsupported-element', 'only on a transaction'],
    ['a transaction with a cancel end event but no cancel boundary event', `<bpmn:startEvent id="s"/><bpmn:transaction id="x"><bpmn:startEvent id="ts"/><bpmn:endEvent id="c"><bpmn:cancelEventDefinition/></bpmn:endEvent>${flow('t1', 'ts', 'c')}</bpmn:transaction><bpmn:endEvent id="e"/>${flow('f1', 's', 'x')}${flow('f2', 'x', 'e')}`, 'boundary-invalid', 'no cancel boundary event'],
    ['a start event in an ad-hoc subprocess', `<bpmn:startEvent id="s"/><bpmn:adHocSubProcess id="ah"><bpmn:startEvent id="x"/><bpmn:userTask id="a"/>${flow('a1', 'x', 'a')}</bpmn:adHocSubProcess><bpmn:endEvent id="e"/>${flow('f1', 's', 'ah')}${flow('f2', 'ah', 'e')}`, 'subprocess-start', 'has no start event'],
  ])('refused at deploy with the element id: %s', async (_what, body, rule, text) => {
    const err = (await compileBpmn(bpmn(body)).catch((e: unknown) => e)) as BpmnCompileError;
    expect(err).toBeInstanceOf(BpmnCompileError);
    expect(err.details).toContainEqual(expect.objectContaining({ elementId: 'x', rule, message: expect.stringContaining(text) }));
  });
});

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
  boundary: ['cancel', 'multiple'],
  end: ['cancel', 'multiple'],
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

  it.each(['complexGateway', 'transaction', 'adHocSubProcess'])('%s is rejected as unsupported', async (type) => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:${type} id="x"/><bpmn:endEvent id="e"/>${flow('f1', 's', 'x')}${flow('f2', 'x', 'e')}`);
    const err = (await compileBpmn(xml).catch((e: unknown) => e)) as BpmnCompileError;
    expect(err.details).toContainEqual(expect.objectContaining({ elementId: 'x', rule: 'unsupported-element' }));
  });
});

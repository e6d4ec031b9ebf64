import { BpmnCompileError, compileBpmn } from '../compiler';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const doc = (body: string, extra = '') => `<?xml version="1.0"?><bpmn:definitions ${NS} xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" targetNamespace="t">${extra}<bpmn:process id="p" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;
const seq = (id: string, s: string, t: string, cond?: string) =>
  cond ? `<bpmn:sequenceFlow id="f${id}" sourceRef="${s}" targetRef="${t}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${cond}</bpmn:conditionExpression></bpmn:sequenceFlow>` : `<bpmn:sequenceFlow id="f${id}" sourceRef="${s}" targetRef="${t}"/>`;

async function issues(xml: string) {
  try {
    await compileBpmn(xml);
  } catch (e) {
    expect(e).toBeInstanceOf(BpmnCompileError);
    expect((e as BpmnCompileError).code).toBe('BPMN_INVALID');
    return (e as BpmnCompileError).details;
  }
  throw new Error('expected a BpmnCompileError');
}

describe('compileBpmn', () => {
  it('compiles a Signavio-style semantic: document with foreign attributes and DI', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<semantic:definitions xmlns:semantic="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:signavio="http://www.signavio.com" targetNamespace="http://www.signavio.com/bpmn20">
  <semantic:process id="sig" name="Cấp phép" isExecutable="true">
    <semantic:startEvent id="s" signavio:foo="bar"/>
    <semantic:userTask id="u" name="Thẩm định"/>
    <semantic:endEvent id="e"/>
    <semantic:sequenceFlow id="a" sourceRef="s" targetRef="u"/>
    <semantic:sequenceFlow id="b" sourceRef="u" targetRef="e"/>
  </semantic:process>
  <bpmndi:BPMNDiagram id="di"><bpmndi:BPMNPlane id="pl" bpmnElement="sig"><bpmndi:BPMNShape id="sh" bpmnElement="u"><dc:Bounds x="1" y="2" width="3" height="4"/></bpmndi:BPMNShape></bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</semantic:definitions>`;
    const r = await compileBpmn(xml);
    expect(r.processes.map((p) => [p.key, p.name])).toEqual([['sig', 'Cấp phép']]);
    expect(r.processes[0].graph.root.nodes.u).toMatchObject({ type: 'userTask', incoming: ['a'], outgoing: ['b'] });
    expect(JSON.parse(JSON.stringify(r.processes[0].graph))).toEqual(r.processes[0].graph);
  });

  it('reads tthc:execution on job tasks and refuses an unknown value', async () => {
    const r = await compileBpmn(doc(`<bpmn:startEvent id="s"/>
      <bpmn:serviceTask id="a" tthc:taskType="http" tthc:execution="local"/><bpmn:sendTask id="b" tthc:taskType="noop" tthc:execution="activity"/><bpmn:serviceTask id="c" tthc:taskType="noop"/>
      <bpmn:endEvent id="e"/>${seq('1', 's', 'a')}${seq('2', 'a', 'b')}${seq('3', 'b', 'c')}${seq('4', 'c', 'e')}`));
    const nodes = r.processes[0].graph.root.nodes;
    expect([nodes.a.execution, nodes.b.execution, nodes.c.execution]).toEqual(['local', 'activity', undefined]);
    const found = await issues(doc(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="a" tthc:taskType="noop" tthc:execution="inline"/><bpmn:endEvent id="e"/>${seq('1', 's', 'a')}${seq('2', 'a', 'e')}`));
    expect(found).toEqual([expect.objectContaining({ elementId: 'a', rule: 'execution-invalid', message: expect.stringContaining('local, activity') })]);
  });

  it('reads zeebe: and camunda: attributes', async () => {
    const r = await compileBpmn(doc(`<bpmn:startEvent id="s"/>
      <bpmn:serviceTask id="z"><bpmn:extensionElements><zeebe:taskDefinition type="payment" retries="2"/><zeebe:taskHeaders><zeebe:header key="k" value="v"/></zeebe:taskHeaders>
        <zeebe:ioMapping><zeebe:input source="=order.total" target="amount"/><zeebe:output source="=receipt" target="paymentReceipt"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:serviceTask id="c" camunda:type="external" camunda:topic="archive"/>
      <bpmn:userTask id="u1"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="= owner" candidateGroups="a,b"/><zeebe:formDefinition formKey="f1"/></bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="u2" camunda:assignee="demo" camunda:candidateGroups="x" camunda:formKey="embedded:f2"/>
      <bpmn:scriptTask id="sc"><bpmn:extensionElements><zeebe:script expression="=1+1" resultVariable="two"/></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:callActivity id="ca"><bpmn:extensionElements><zeebe:calledElement processId="child" propagateAllChildVariables="false"/></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=r"/></bpmn:extensionElements>
        <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=done</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics></bpmn:callActivity>
      <bpmn:receiveTask id="rt" messageRef="m"/>
      <bpmn:endEvent id="e"/>
      ${seq('1', 's', 'z')}${seq('2', 'z', 'c')}${seq('3', 'c', 'u1')}${seq('4', 'u1', 'u2')}${seq('5', 'u2', 'sc')}${seq('6', 'sc', 'ca')}${seq('7', 'ca', 'rt')}${seq('8', 'rt', 'e')}`,
      `<bpmn:message id="m" name="supplement"><bpmn:extensionElements><zeebe:subscription correlationKey="=dossierId"/></bpmn:extensionElements></bpmn:message>`));
    const n = r.processes[0].graph.root.nodes;
    expect(n.z).toMatchObject({ taskType: 'payment', retries: 2, headers: { k: 'v' }, inputs: [{ source: 'order.total', target: 'amount' }], outputs: [{ source: 'receipt', target: 'paymentReceipt' }] });
    expect(n.c.taskType).toBe('archive');
    expect(n.u1).toMatchObject({ assignee: '= owner', candidateGroups: ['a', 'b'], formKey: 'f1' });
    expect(n.u2).toMatchObject({ assignee: 'demo', candidateGroups: ['x'], formKey: 'embedded:f2' });
    expect(n.sc.script).toEqual({ expression: '1+1', resultVariable: 'two' });
    expect(n.ca.calledElement).toMatchObject({ processKey: 'child', propagateAllChildVariables: false });
    expect(n.ca.multiInstance).toEqual({ sequential: true, inputCollection: 'items', inputElement: 'item', outputCollection: 'results', outputElement: 'r', completionCondition: 'done' });
    expect(n.rt.eventDefinition).toEqual({ kind: 'message', messageRef: 'm', name: 'supplement', correlationKey: 'dossierId' });
  });

  it.each([
    ['DOCTYPE', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', 'xml-doctype'],
    ['XXE', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', 'xml-doctype'],
    ['deep nesting', '<a>'.repeat(5000) + '</a>'.repeat(5000), 'xml-too-deep'],
    ['garbage', 'this is not xml', 'xml-malformed'],
    ['empty', '', 'xml-malformed'],
  ])('rejects %s before parsing', async (_name, xml, rule) => {
    expect((await issues(xml)).map((i) => i.rule)).toContain(rule);
  });

  it('counts depth correctly when attribute values contain ">"', async () => {
    const inputs = Array.from({ length: 300 }, (_, i) => `<zeebe:input source="=a > ${i}" target="v${i}"/>`).join('');
    const xml = doc(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:ioMapping>${inputs}</zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="e"/>${seq('1', 's', 't')}${seq('2', 't', 'e')}`);
    const r = await compileBpmn(xml);
    expect(r.processes[0].graph.root.nodes.t.inputs).toHaveLength(300);
  });

  it('compiles a 20,000-element chain without exhausting the call stack', async () => {
    const n = 20000;
    let nodes = '<bpmn:startEvent id="s"/>';
    let flows = '';
    for (let i = 0; i < n; i++) {
      nodes += `<bpmn:task id="t${i}"/>`;
      flows += `<bpmn:sequenceFlow id="f${i}" sourceRef="${i ? `t${i - 1}` : 's'}" targetRef="t${i}"/>`;
    }
    const r = await compileBpmn(doc(`${nodes}${flows}`));
    expect(Object.keys(r.processes[0].graph.root.nodes)).toHaveLength(n + 1);
  });

  it('deploys a file whose processes are all isExecutable="false" (bpmn.io default), with a warning', async () => {
    const xml = `<bpmn:definitions ${NS} targetNamespace="t"><bpmn:process id="p" isExecutable="false"><bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>`;
    const r = await compileBpmn(xml);
    expect(r.processes.map((p) => p.key)).toEqual(['p']);
    expect(r.warnings).toEqual([expect.objectContaining({ elementId: 'p', rule: 'process-not-executable' })]);
  });

  it('runs only the executable process when the file marks one of several', async () => {
    const xml = `<bpmn:definitions ${NS} targetNamespace="t"><bpmn:process id="doc" isExecutable="false"><bpmn:startEvent id="s1"/></bpmn:process>
      <bpmn:process id="run" isExecutable="true"><bpmn:startEvent id="s2"/></bpmn:process></bpmn:definitions>`;
    const r = await compileBpmn(xml);
    expect(r.processes.map((p) => p.key)).toEqual(['run']);
    expect(r.warnings).toEqual([]);
  });

  it('rejects a file with only empty pools', async () => {
    const xml = `<bpmn:definitions ${NS} targetNamespace="t"><bpmn:process id="p" isExecutable="false"/><bpmn:process id="q"/></bpmn:definitions>`;
    expect((await issues(xml)).map((i) => i.rule)).toEqual(['no-executable-process']);
  });

  it('lists unsupported constructs with their element ids', async () => {
    const d = await issues(doc(`<bpmn:startEvent id="s"/><bpmn:complexGateway id="cx"/><bpmn:transaction id="tx"/>
      <bpmn:intermediateCatchEvent id="multi"><bpmn:messageEventDefinition messageRef="m"/><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="cancel"><bpmn:cancelEventDefinition/></bpmn:endEvent>
      ${seq('1', 's', 'cx')}${seq('2', 'cx', 'tx')}${seq('3', 'tx', 'multi')}${seq('4', 'multi', 'cancel')}`, '<bpmn:message id="m" name="m"/>'));
    const unsupported = d.filter((i) => i.rule === 'unsupported-element').map((i) => i.elementId);
    expect(unsupported).toEqual(expect.arrayContaining(['cx', 'multi', 'cancel']));
    // a transaction deploys; this empty one has no start event
    expect(d.filter((i) => i.elementId === 'tx').map((i) => i.rule)).not.toContain('unsupported-element');
    expect(d.map((i) => i.rule)).toContain('subprocess-start');
  });

  it('rejects unknown elements of the BPMN namespace but ignores foreign extension elements', async () => {
    const d = await issues(doc(`<bpmn:startEvent id="s"><bpmn:extensionElements><zeebe:properties><zeebe:property name="a" value="b"/></zeebe:properties></bpmn:extensionElements></bpmn:startEvent>
      <bpmn:userTaks id="typo"/><bpmn:endEvent id="e"/>${seq('1', 's', 'e')}`));
    expect(d).toEqual([expect.objectContaining({ rule: 'unsupported-element', message: expect.stringContaining('UserTaks') })]);
    const ok = doc(`<bpmn:startEvent id="s"/><foo:thing xmlns:foo="http://foo" id="x"/><bpmn:endEvent id="e"/>${seq('1', 's', 'e')}`);
    await expect(compileBpmn(ok)).resolves.toMatchObject({ processes: [{ key: 'p' }] });
  });

  it('reports unreachable nodes, gateways without outgoing flows and conditions after a parallel gateway', async () => {
    const d = await issues(doc(`<bpmn:startEvent id="s"/><bpmn:parallelGateway id="pg"/><bpmn:task id="a"/><bpmn:exclusiveGateway id="dead"/><bpmn:task id="orphan"/><bpmn:endEvent id="e"/>
      ${seq('1', 's', 'pg')}${seq('2', 'pg', 'a', '=x')}${seq('3', 'a', 'dead')}${seq('4', 'pg', 'e')}`));
    expect(d).toEqual(expect.arrayContaining([
      expect.objectContaining({ elementId: 'orphan', rule: 'unreachable-node' }),
      expect.objectContaining({ elementId: 'dead', rule: 'gateway-no-outgoing' }),
      expect.objectContaining({ elementId: 'f2', rule: 'parallel-gateway-condition' }),
    ]));
  });

  it('reports missing message/signal/error refs and timers without a definition', async () => {
    const d = await issues(doc(`<bpmn:startEvent id="s"/>
      <bpmn:intermediateCatchEvent id="msg"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="sig"><bpmn:signalEventDefinition/></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="tim"><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="err"><bpmn:errorEventDefinition/></bpmn:endEvent>
      ${seq('1', 's', 'msg')}${seq('2', 'msg', 'sig')}${seq('3', 'sig', 'tim')}${seq('4', 'tim', 'err')}`));
    expect(d.map((i) => [i.elementId, i.rule])).toEqual(expect.arrayContaining([['msg', 'missing-ref'], ['sig', 'missing-ref'], ['tim', 'timer-no-definition'], ['err', 'missing-ref']]));
  });

  it('rejects a cycle with no wait state but accepts one through a user task', async () => {
    const loop = (task: string) => doc(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g1"/>${task}<bpmn:exclusiveGateway id="g2" default="fback"/><bpmn:endEvent id="e"/>
      ${seq('1', 's', 'g1')}${seq('2', 'g1', 't')}${seq('3', 't', 'g2')}${seq('back', 'g2', 'g1')}${seq('out', 'g2', 'e', '=done')}`);
    const d = await issues(loop('<bpmn:scriptTask id="t" scriptFormat="feel" tthc:resultVariable="n"><bpmn:script>=1</bpmn:script></bpmn:scriptTask>'));
    expect(d).toEqual([expect.objectContaining({ rule: 'cycle-no-wait-state', message: expect.stringContaining('g1, g2, t') })]);
    await expect(compileBpmn(loop('<bpmn:userTask id="t"/>'))).resolves.toBeDefined();
  });

  it('reports invalid FEEL and non-FEEL scripts', async () => {
    const d = await issues(doc(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g" default="fd"/><bpmn:scriptTask id="js" scriptFormat="javascript"><bpmn:script>1</bpmn:script></bpmn:scriptTask><bpmn:endEvent id="e"/>
      ${seq('1', 's', 'g')}${seq('c', 'g', 'js', '= x &gt;')}${seq('d', 'g', 'e')}${seq('2', 'js', 'e')}`));
    expect(d.map((i) => [i.elementId, i.rule])).toEqual(expect.arrayContaining([['g', 'invalid-expression'], ['js', 'unsupported-element']]));
  });

  it('checks where event kinds are allowed (conditional process start, none intermediate catch, an intermediate timer cycle that never fires, non-interrupting error)', async () => {
    const d = await issues(doc(`<bpmn:startEvent id="cs"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent>
      <bpmn:intermediateCatchEvent id="none"/>
      <bpmn:intermediateCatchEvent id="cyc"><bpmn:timerEventDefinition><bpmn:timeCycle>R0/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:userTask id="u"/><bpmn:boundaryEvent id="eb" attachedToRef="u" cancelActivity="false"><bpmn:errorEventDefinition/></bpmn:boundaryEvent><bpmn:endEvent id="e"/>
      ${seq('1', 'cs', 'none')}${seq('2', 'none', 'cyc')}${seq('3', 'cyc', 'u')}${seq('4', 'u', 'e')}${seq('5', 'eb', 'e')}`));
    expect(d.map((i) => [i.elementId, i.rule])).toEqual(expect.arrayContaining([
      ['cs', 'unsupported-element'], ['none', 'unsupported-element'], ['cyc', 'timer-invalid'], ['eb', 'boundary-invalid'],
    ]));
  });

  it('accepts a subprocess without start event (implicit start) but not one with two start events', async () => {
    const sub = (inner: string) => doc(`<bpmn:startEvent id="s"/><bpmn:subProcess id="sp">${inner}</bpmn:subProcess><bpmn:endEvent id="e"/>${seq('1', 's', 'sp')}${seq('2', 'sp', 'e')}`);
    await expect(compileBpmn(sub('<bpmn:task id="a"/><bpmn:task id="b"/>'))).resolves.toMatchObject({ processes: [{ graph: { root: { nodes: { sp: { scope: { implicitStarts: ['a', 'b'] } } } } } }] });
    const d = await issues(sub('<bpmn:startEvent id="x"/><bpmn:startEvent id="y"/>'));
    expect(d.map((i) => i.rule)).toContain('subprocess-start');
  });

  it('rejects duplicate element ids, also across subprocess boundaries', async () => {
    const d = await issues(doc(`<bpmn:startEvent id="s"/><bpmn:task id="a"/><bpmn:task id="a"/>
      <bpmn:subProcess id="sp"><bpmn:startEvent id="s"/><bpmn:endEvent id="ie"/>${seq('i', 's', 'ie')}</bpmn:subProcess><bpmn:endEvent id="e"/>
      ${seq('1', 's', 'a')}${seq('2', 'a', 'sp')}${seq('3', 'sp', 'e')}`));
    expect(d.filter((i) => i.rule === 'duplicate-id').map((i) => i.elementId)).toEqual(['a', 's']);
  });

  it('rejects BPMN elements nested where they cannot be (never dropped silently)', async () => {
    const d = await issues(doc(`<bpmn:startEvent id="s"><bpmn:task id="hidden"/></bpmn:startEvent><bpmn:endEvent id="e"/>${seq('1', 's', 'e')}`));
    expect(d).toEqual([expect.objectContaining({ rule: 'xml-invalid', message: expect.stringContaining('<bpmn:task>') })]);
  });
});

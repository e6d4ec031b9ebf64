/** Files as other modelers export them (Camunda Modeler 8 / 7, bpmn.io with lanes and pools) compile. */
import { compileBpmn } from '../compiler';

const camunda8 = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.28.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
  <bpmn:process id="order-process" name="Order" isExecutable="true">
    <bpmn:extensionElements><zeebe:versionTag value="v1" /><zeebe:properties><zeebe:property name="x" value="y" /></zeebe:properties></bpmn:extensionElements>
    <bpmn:startEvent id="StartEvent_1" name="Order received"><bpmn:extensionElements><zeebe:formDefinition formId="start-form" /></bpmn:extensionElements><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Activity_review" name="Review">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="sales" /><zeebe:formDefinition formId="review-form" /><zeebe:taskListeners><zeebe:taskListener eventType="completing" type="audit" /></zeebe:taskListeners></bpmn:extensionElements>
      <bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="Gateway_ok" name="OK?" default="Flow_no"><bpmn:incoming>Flow_2</bpmn:incoming><bpmn:outgoing>Flow_yes</bpmn:outgoing><bpmn:outgoing>Flow_no</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:serviceTask id="Activity_ship" name="Ship"><bpmn:extensionElements><zeebe:taskDefinition type="ship" retries="5" /><zeebe:executionListeners><zeebe:executionListener eventType="start" type="log" /></zeebe:executionListeners></bpmn:extensionElements><bpmn:incoming>Flow_yes</bpmn:incoming><bpmn:outgoing>Flow_3</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="End_ok"><bpmn:incoming>Flow_3</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="End_no"><bpmn:incoming>Flow_no</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_review" targetRef="Gateway_ok" />
    <bpmn:sequenceFlow id="Flow_yes" name="yes" sourceRef="Gateway_ok" targetRef="Activity_ship"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">=approved</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_no" sourceRef="Gateway_ok" targetRef="End_no" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Activity_ship" targetRef="End_ok" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1"><bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="order-process">
    <bpmndi:BPMNShape id="s1" bpmnElement="StartEvent_1"><dc:Bounds x="179" y="99" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="e1" bpmnElement="Flow_1"><di:waypoint x="215" y="117" /><di:waypoint x="270" y="117" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

const camunda7 = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d7" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.0.0">
  <bpmn:collaboration id="c"><bpmn:participant id="pool" name="Agency" processRef="leave" /></bpmn:collaboration>
  <bpmn:process id="leave" isExecutable="true" camunda:historyTimeToLive="180">
    <bpmn:laneSet id="ls"><bpmn:lane id="lane1" name="Clerk"><bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>approve</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="start" camunda:formKey="embedded:app:forms/start.html" camunda:initiator="starter" />
    <bpmn:userTask id="approve" name="Approve" camunda:assignee="\${starter}" camunda:candidateGroups="management, hr" camunda:formKey="approve-form">
      <bpmn:extensionElements><camunda:formData><camunda:formField id="ok" type="boolean" /></camunda:formData>
        <camunda:inputOutput><camunda:inputParameter name="x">1</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:serviceTask id="notify" camunda:type="external" camunda:topic="mail" />
    <bpmn:scriptTask id="calc" scriptFormat="feel" camunda:resultVariable="days"><bpmn:script>to - from</bpmn:script></bpmn:scriptTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="notify"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${ok == true &amp;&amp; days &gt; 0}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f2b" sourceRef="approve" targetRef="end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${ok == false}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f3" sourceRef="notify" targetRef="calc" />
    <bpmn:sequenceFlow id="f4" sourceRef="calc" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('files from other modelers', () => {
  it('Camunda Modeler 8 export (listeners, properties, version tag, DI) compiles with its zeebe: attributes', async () => {
    const r = await compileBpmn(camunda8);
    const n = r.processes[0].graph.root.nodes;
    expect(r.processes[0]).toMatchObject({ key: 'order-process', name: 'Order' });
    expect(n.Activity_review).toMatchObject({ candidateGroups: ['sales'], formKey: 'review-form' });
    expect(n.StartEvent_1.formKey).toBe('start-form');
    expect(n.Activity_ship).toMatchObject({ taskType: 'ship', retries: 5 });
    expect(r.processes[0].graph.root.flows.Flow_yes.condition).toBe('approved');
    expect(r.warnings).toEqual([
      expect.objectContaining({ elementId: 'Activity_review', rule: 'extension-ignored', message: expect.stringContaining('zeebe:taskListeners') }),
      expect.objectContaining({ elementId: 'Activity_ship', rule: 'extension-ignored', message: expect.stringContaining('zeebe:executionListeners') }),
    ]);
  });

  it('Camunda Modeler 7 export (pool, lanes, camunda: attributes, JUEL conditions) compiles', async () => {
    const r = await compileBpmn(camunda7);
    const g = r.processes[0].graph;
    expect(g.root.nodes.approve).toMatchObject({ assignee: '=starter', candidateGroups: ['management', 'hr'], formKey: 'approve-form' });
    expect(g.root.nodes.notify.taskType).toBe('mail');
    expect(g.root.nodes.calc.script).toEqual({ expression: 'to - from', resultVariable: 'days' });
    expect(g.root.flows.f2.condition).toBe('ok = true  and  days > 0');
    expect(g.root.flows.f2b.condition).toBe('ok = false');
    expect(r.warnings.map((w) => [w.elementId, w.message])).toEqual([['approve', expect.stringContaining('camunda:inputOutput')]]);
  });

  it('Camunda 7 Java delegates and candidate users deploy with a warning that they are not honoured', async () => {
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
      <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s"/>
      <bpmn:serviceTask id="java" camunda:class="org.acme.Notify" camunda:asyncBefore="true"/>
      <bpmn:sendTask id="bean" camunda:delegateExpression="\${mailer}"/>
      <bpmn:serviceTask id="ext" camunda:type="external" camunda:topic="archive"/>
      <bpmn:userTask id="users" camunda:candidateUsers="lan, minh"/>
      <bpmn:endEvent id="e"/>
      <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="java"/><bpmn:sequenceFlow id="f2" sourceRef="java" targetRef="bean"/>
      <bpmn:sequenceFlow id="f3" sourceRef="bean" targetRef="ext"/><bpmn:sequenceFlow id="f4" sourceRef="ext" targetRef="users"/><bpmn:sequenceFlow id="f5" sourceRef="users" targetRef="e"/></bpmn:process></bpmn:definitions>`;
    const r = await compileBpmn(xml);
    expect(r.processes[0].graph.root.nodes.java.taskType).toBe('noop');
    expect(r.warnings.map((w) => [w.elementId, w.rule])).toEqual([['java', 'extension-ignored'], ['bean', 'extension-ignored'], ['users', 'extension-ignored']]);
    expect(r.warnings[2].message).toContain('candidateUsers');
    expect(r.warnings[0].message).toContain('org.acme.Notify');
  });

  it('BPMN data associations with assignments deploy with a warning that the mapping is not run; plain ones silently', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t"><process id="p">
      <dataObject id="do"/><dataObjectReference id="dor" dataObjectRef="do"/><startEvent id="s"/>
      <task id="copy"><ioSpecification><dataInput id="in1"/><inputSet><dataInputRefs>in1</dataInputRefs></inputSet><outputSet/></ioSpecification>
        <dataInputAssociation><sourceRef>dor</sourceRef><targetRef>in1</targetRef><assignment><from>x</from><to>y</to></assignment></dataInputAssociation></task>
      <task id="plain"><dataOutputAssociation><targetRef>dor</targetRef></dataOutputAssociation></task><endEvent id="e"/>
      <sequenceFlow id="f1" sourceRef="s" targetRef="copy"/><sequenceFlow id="f2" sourceRef="copy" targetRef="plain"/><sequenceFlow id="f3" sourceRef="plain" targetRef="e"/></process></definitions>`;
    const r = await compileBpmn(xml);
    expect(r.warnings.map((w) => [w.elementId, w.rule])).toEqual([['copy', 'data-association-ignored']]);
  });

  it('a document in the default namespace (no prefix), with a BOM, compiles', async () => {
    const xml = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" targetNamespace="t">
  <process id="plain" isExecutable="true">
    <startEvent id="s"/><exclusiveGateway id="g" default="d"/><task id="a"/><endEvent id="e"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="g"/>
    <sequenceFlow id="c" sourceRef="g" targetRef="a"><conditionExpression xsi:type="tFormalExpression">x &gt; 1</conditionExpression></sequenceFlow>
    <sequenceFlow id="d" sourceRef="g" targetRef="e"/><sequenceFlow id="f2" sourceRef="a" targetRef="e"/>
  </process>
</definitions>`;
    const r = await compileBpmn(xml);
    expect(r.processes[0].graph.root.flows.c.condition).toBe('x > 1');
    expect(r.processes[0].graph.root.nodes.g.default).toBe('d');
  });
});

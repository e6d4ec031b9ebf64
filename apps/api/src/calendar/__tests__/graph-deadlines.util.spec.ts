import { compileBpmn } from '@tthc/bpmn';
import { findNode, hasWorkingTimer, taskDueDuration } from '../graph-deadlines.util';

// real BPMN through the real compiler: the helpers must read the graph the deploy stores
const bpmn = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="sub" />
    <bpmn:subProcess id="sub"><bpmn:startEvent id="s2" /><bpmn:sequenceFlow id="f1" sourceRef="s2" targetRef="a" />${body}</bpmn:subProcess>
    <bpmn:sequenceFlow id="f9" sourceRef="sub" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
const graphOf = async (body: string) => (await compileBpmn(bpmn(body))).processes[0].graph;

it('finds the working-time due of a task inside a subprocess, and a working-time timer', async () => {
  const g = await graphOf(`<bpmn:userTask id="a" tthc:due="P2D" />
    <bpmn:boundaryEvent id="late" attachedToRef="a" cancelActivity="false"><bpmn:timerEventDefinition tthc:calendar="working"><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="x" /><bpmn:endEvent id="x" />`);
  expect(findNode(g, 'a')?.type).toBe('userTask');
  expect(taskDueDuration(g, 'a')).toEqual({ duration: 'P2D' });
  expect(hasWorkingTimer(g)).toBe(true);
});

it('says why a due date cannot be recomputed: FEEL, absolute, none, unknown definition', async () => {
  const g = await graphOf(`<bpmn:userTask id="a" tthc:due="=if urgent then &quot;PT4H&quot; else &quot;P2D&quot;" />
    <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b" />
    <bpmn:userTask id="b"><bpmn:extensionElements><zeebe:taskSchedule dueDate="2030-01-01T00:00:00+07:00" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="c" /><bpmn:userTask id="c" />
    <bpmn:boundaryEvent id="t" attachedToRef="c"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="c" targetRef="x" /><bpmn:endEvent id="x" /><bpmn:sequenceFlow id="f5" sourceRef="t" targetRef="x" />`);
  expect(taskDueDuration(g, 'a')).toEqual({ skip: expect.stringContaining('FEEL') });
  expect(taskDueDuration(g, 'b')).toEqual({ skip: expect.stringContaining('absolute') });
  expect(taskDueDuration(g, 'c')).toEqual({ skip: 'element has no due date' });
  expect(taskDueDuration(undefined, 'a')).toEqual({ skip: 'definition not found' });
  expect(hasWorkingTimer(g)).toBe(false); // an absolute-time timer does not depend on the calendar
});

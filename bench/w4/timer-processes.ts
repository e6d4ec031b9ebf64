/**
 * The processes of W4. The bulk runs working-time timers (tthc:calendar="working") whose duration
 * is the instance variable `dur` (`timeDuration` is a FEEL expression, `=dur`, e.g. "PT217S"), so
 * every instance can have its own; the bench runs them in an agency whose office hours cover the
 * whole day, so working time and wall time agree within one working day.
 *  - w4Catch: start → intermediate timer (working time, =dur) → end
 *  - w4Boundary: start → user task with an interrupting boundary timer (working time, =dur) → end
 *  - w4Working: start → intermediate timer, timeDuration PT1M on the working calendar → end
 */
const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0"';

export const w4Bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_W4" targetNamespace="https://tthc.dev/bench">
  <bpmn:process id="w4Catch" isExecutable="true">
    <bpmn:startEvent id="C_S" />
    <bpmn:sequenceFlow id="C_f1" sourceRef="C_S" targetRef="C_T" />
    <bpmn:intermediateCatchEvent id="C_T">
      <bpmn:timerEventDefinition tthc:calendar="working"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">=dur</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="C_f2" sourceRef="C_T" targetRef="C_E" />
    <bpmn:endEvent id="C_E" />
  </bpmn:process>
  <bpmn:process id="w4Boundary" isExecutable="true">
    <bpmn:startEvent id="B_S" />
    <bpmn:sequenceFlow id="B_f1" sourceRef="B_S" targetRef="B_U" />
    <bpmn:userTask id="B_U" name="Thẩm định" tthc:candidateGroups="MOTCUA" />
    <bpmn:boundaryEvent id="B_B" attachedToRef="B_U" cancelActivity="true">
      <bpmn:timerEventDefinition tthc:calendar="working"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">=dur</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="B_f2" sourceRef="B_U" targetRef="B_E" />
    <bpmn:endEvent id="B_E" />
    <bpmn:sequenceFlow id="B_f3" sourceRef="B_B" targetRef="B_EB" />
    <bpmn:endEvent id="B_EB" />
  </bpmn:process>
  <bpmn:process id="w4Working" isExecutable="true">
    <bpmn:startEvent id="W_S" />
    <bpmn:sequenceFlow id="W_f1" sourceRef="W_S" targetRef="W_T" />
    <bpmn:intermediateCatchEvent id="W_T">
      <bpmn:timerEventDefinition tthc:calendar="working"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="W_f2" sourceRef="W_T" targetRef="W_E" />
    <bpmn:endEvent id="W_E" />
  </bpmn:process>
</bpmn:definitions>
`;

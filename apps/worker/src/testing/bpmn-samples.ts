/** small generated BPMN processes for tests */
export function straightThroughXml(n: number, key: string): string {
  const tasks: string[] = [];
  let prev = 'start';
  for (let i = 1; i <= n; i++) {
    tasks.push(
      `<bpmn:serviceTask id="t${i}"><bpmn:extensionElements><zeebe:taskDefinition type="noop" /></bpmn:extensionElements></bpmn:serviceTask>`,
      `<bpmn:sequenceFlow id="f${i}" sourceRef="${prev}" targetRef="t${i}" />`,
    );
    prev = `t${i}`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="${key}" isExecutable="true"><bpmn:startEvent id="start" />${tasks.join('')}<bpmn:endEvent id="end" /><bpmn:sequenceFlow id="fe" sourceRef="${prev}" targetRef="end" /></bpmn:process>
</bpmn:definitions>`;
}

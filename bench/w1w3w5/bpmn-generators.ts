/** BPMN files of the W1/W3/W5 workloads (performance.md), generated so sizes are parameters. */
const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="defs" targetNamespace="https://tthc.dev/bench">`;

/** `tthc:execution` of every step: absent = the product's choice (a pure `noop` step is computed in the workflow) */
export type StepExecution = 'local' | 'activity' | undefined;

const serviceTask = (id: string, execution: StepExecution) =>
  `<bpmn:serviceTask id="${id}"${execution ? ` tthc:execution="${execution}"` : ''}><bpmn:extensionElements><zeebe:taskDefinition type="noop" /></bpmn:extensionElements></bpmn:serviceTask>`;

/** W1: start → n no-op service tasks in sequence → end */
export function straightThroughBpmn(n: number, key = `straight${n}`, execution?: StepExecution): string {
  const parts = ['<bpmn:startEvent id="start" />'];
  let prev = 'start';
  for (let i = 1; i <= n; i++) {
    parts.push(serviceTask(`task${i}`, execution), `<bpmn:sequenceFlow id="f${i}" sourceRef="${prev}" targetRef="task${i}" />`);
    prev = `task${i}`;
  }
  parts.push('<bpmn:endEvent id="end" />', `<bpmn:sequenceFlow id="fEnd" sourceRef="${prev}" targetRef="end" />`);
  return `${HEAD}<bpmn:process id="${key}" isExecutable="true">${parts.join('')}</bpmn:process></bpmn:definitions>`;
}

/** W3: start → parallel split → n no-op service tasks → parallel join → end */
export function fanOutBpmn(n: number, key = `fanout${n}`, execution?: StepExecution): string {
  const parts = ['<bpmn:startEvent id="start" />', '<bpmn:parallelGateway id="split" />', '<bpmn:parallelGateway id="join" />', '<bpmn:endEvent id="end" />'];
  parts.push('<bpmn:sequenceFlow id="fStart" sourceRef="start" targetRef="split" />', '<bpmn:sequenceFlow id="fEnd" sourceRef="join" targetRef="end" />');
  for (let i = 1; i <= n; i++) {
    parts.push(
      serviceTask(`branch${i}`, execution),
      `<bpmn:sequenceFlow id="in${i}" sourceRef="split" targetRef="branch${i}" />`,
      `<bpmn:sequenceFlow id="out${i}" sourceRef="branch${i}" targetRef="join" />`,
    );
  }
  return `${HEAD}<bpmn:process id="${key}" isExecutable="true">${parts.join('')}</bpmn:process></bpmn:definitions>`;
}

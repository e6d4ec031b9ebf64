/**
 * Hostile and broken BPMN documents for the bad-input tests (issue #3): each one is
 * otherwise a plausible deployment, so the refusal is about the one thing that is wrong.
 */
const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0"';

/** A definitions document with one STP process `key` holding `body`; `head` goes before the process. */
export function bpmnDoc(key: string, body: string, head = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_${key}" targetNamespace="https://tthc.dev/test">${head}
  <bpmn:process id="${key}" isExecutable="true" tthc:agency="STP">${body}
  </bpmn:process>
</bpmn:definitions>`;
}

/** `depth` nested elements inside an otherwise valid process. */
export function deeplyNested(depth: number): string {
  const open = '<bpmn:documentation>'.repeat(depth);
  const close = '</bpmn:documentation>'.repeat(depth);
  return bpmnDoc('bad-deep', `<bpmn:startEvent id="Start">${open}x${close}</bpmn:startEvent>`);
}

/** External entity pointing at a local file (XXE): its content must never be echoed. */
export const xxe = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE bpmn:definitions [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<bpmn:definitions ${NS} id="Defs_xxe" targetNamespace="https://tthc.dev/test">
  <bpmn:process id="bad-xxe" name="&xxe;" isExecutable="true" tthc:agency="STP">
    <bpmn:startEvent id="Start" name="&xxe;" />
  </bpmn:process>
</bpmn:definitions>`;

/** A parameter-entity XXE (no named entity in the body at all). */
export const xxeParameter = `<?xml version="1.0"?>
<!doctype x [ <!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext; ]>
${bpmnDoc('bad-xxe-param', '<bpmn:startEvent id="Start" />').replace(/^<\?xml[^>]*>\n/, '')}`;

/** Billion laughs: 10 levels of 10× expansion (10^9 "lol"s if a parser expanded them). */
export function billionLaughs(): string {
  const entities = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>
<!DOCTYPE bpmn:definitions [ ${entities.join('\n  ')} ]>
<bpmn:definitions ${NS} id="Defs_lol" targetNamespace="https://tthc.dev/test">
  <bpmn:process id="bad-lol" name="&lol9;" isExecutable="true" tthc:agency="STP"><bpmn:startEvent id="Start" /></bpmn:process>
</bpmn:definitions>`;
}

/** Script task → gateway → script task → … back to the first: nothing in the loop ever waits. */
export const busyCycle = bpmnDoc(
  'bad-cycle',
  `
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Count" />
    <bpmn:scriptTask id="Count" scriptFormat="feel"><bpmn:script>= n + 1</bpmn:script></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Count" targetRef="Again" />
    <bpmn:exclusiveGateway id="Again" />
    <bpmn:sequenceFlow id="f3" sourceRef="Again" targetRef="Double" />
    <bpmn:scriptTask id="Double" scriptFormat="feel"><bpmn:script>= n * 2</bpmn:script></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f4" sourceRef="Double" targetRef="Count" />
    <bpmn:sequenceFlow id="f5" sourceRef="Again" targetRef="End"><bpmn:conditionExpression>= n &gt; 1000000</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:endEvent id="End" />`,
);

/** A message catch event whose messageRef names no bpmn:message. */
export const danglingMessageRef = bpmnDoc(
  'bad-msg-ref',
  `
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="WaitSupplement" />
    <bpmn:intermediateCatchEvent id="WaitSupplement"><bpmn:messageEventDefinition messageRef="Msg_Nowhere" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="WaitSupplement" targetRef="End" />
    <bpmn:endEvent id="End" />`,
);

/** A message catch event with no messageRef at all. */
export const missingMessageRef = bpmnDoc(
  'bad-msg-none',
  `
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="WaitSupplement" />
    <bpmn:intermediateCatchEvent id="WaitSupplement"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="WaitSupplement" targetRef="End" />
    <bpmn:endEvent id="End" />`,
);

/**
 * Deploy-time report of expressions written in another dialect than FEEL (JUEL / Java /
 * JavaScript): each issue names the element and says what to write instead. Conditional
 * events (BPMN 2.0.2 §10.5.5) are the usual place: a condition that never becomes true
 * because it is not FEEL would wait forever, so it is refused at deploy.
 */
import { BpmnCompileError, compileBpmn } from '../compiler';

const doc = (condition: string, flowCondition = '=true') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:intermediateCatchEvent id="waitCond"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${condition}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:exclusiveGateway id="g" default="fd"/>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="waitCond"/>
    <bpmn:sequenceFlow id="f2" sourceRef="waitCond" targetRef="g"/>
    <bpmn:sequenceFlow id="fc" sourceRef="g" targetRef="e"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${flowCondition}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="fd" sourceRef="g" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>`;

async function issues(xml: string) {
  try {
    await compileBpmn(xml);
  } catch (err) {
    if (err instanceof BpmnCompileError) return err.details;
    throw err;
  }
  return [];
}

describe('FEEL dialect differences reported at deploy', () => {
  it.each([
    // FEEL parses these two, but '==' is a unary test and 'fee gt 10' a variable name with spaces
    ['=fee == 5000', "'=' (not '==' or '===')", "write 'a = 1'", 'feel-dialect'],
    ['=fee gt 10', 'JUEL word operators', "'>'", 'feel-dialect'],
    ['=empty documents', "JUEL 'empty x'", "'count(x) = 0'", 'feel-dialect'],
    ['=paid &amp;&amp; approved', "'and' (not '&&')", "write 'a and b'", 'invalid-expression'],
    ['=paid || approved', "'or' (not '||')", "write 'a or b'", 'invalid-expression'],
    ['=!withdrawn', 'not()', "write 'not(approved)'", 'invalid-expression'],
    ['=fee &gt; 10 ? true : false', "no '? :'", "write 'if c then a else b'", 'invalid-expression'],
  ])('a conditional event %s: the element id and what to write instead', async (cond, what, instead, rule) => {
    const d = await issues(doc(cond));
    expect(d).toEqual([expect.objectContaining({ elementId: 'waitCond', rule })]);
    expect(d[0].message).toContain(what);
    expect(d[0].message).toContain(instead);
  });

  it('a method call parses as FEEL but would be null at run time: refused with the FEEL built-in to use', async () => {
    const d = await issues(doc('=documents.size() &gt; 0'));
    expect(d).toEqual([expect.objectContaining({ elementId: 'waitCond', rule: 'feel-dialect' })]);
    expect(d[0].message).toContain('count(list)');
    const eq = await issues(doc('=status.equals("paid")'));
    expect(eq[0]).toMatchObject({ elementId: 'waitCond', rule: 'feel-dialect' });
    expect(eq[0].message).toContain("compare with '='");
  });

  it('a sequence-flow condition in another dialect names the flow', async () => {
    const d = await issues(doc('=paid', '=amount == 1 &amp;&amp; paid'));
    expect(d).toEqual([expect.objectContaining({ elementId: 'g', rule: 'invalid-expression' })]);
    expect(d[0].message).toContain("sequence flow 'fc'");
    expect(d[0].message).toContain("'and' (not '&&')");
  });

  it('FEEL that merely looks similar is accepted: strings with && or ==, not(), !=, if-then-else, built-ins', async () => {
    for (const ok of ['=note = "a &amp;&amp; b == c"', '=not(withdrawn)', '=fee != 5000', '=if fee &gt; 10 then true else false', '=count(documents) &gt; 0', '=contains(status, "paid")', '=a.b.c = 1']) {
      expect(await issues(doc(ok))).toEqual([]);
    }
    // JUEL with comparisons and && / || is translated, as before, and so is ! (Camunda 7's usual negation)
    expect(await issues(doc('${fee == 1 &amp;&amp; paid}'))).toEqual([]);
    expect(await issues(doc('${!approved}', '${!(a == 1) &amp;&amp; b != 2}'))).toEqual([]);
    const { processes } = await compileBpmn(doc('${!approved}', '${!(a == 1) &amp;&amp; b != 2}'));
    expect(processes[0].graph.root.nodes.waitCond.eventDefinition).toEqual({ kind: 'conditional', condition: 'not(approved)' });
    expect(processes[0].graph.root.flows.fc.condition!.replace(/\s+/g, ' ')).toBe('not(a = 1) and b != 2');
  });
});

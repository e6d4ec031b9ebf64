/**
 * EngineOptions.limits: expressions and data that would make a workflow task fail (or
 * run past Temporal's deadlock detector) on every attempt become incidents at the element,
 * deterministically — the same evaluation is refused on every worker and every replay.
 */
import { FEEL_LIMITS, MAX_MULTI_INSTANCES } from '../index';
import { Driver, bpmn, flow } from './driver';

const limits = { limits: true };
const script = (expr: string) =>
  bpmn(`<bpmn:startEvent id="s"/>
    <bpmn:scriptTask id="calc" scriptFormat="feel" tthc:resultVariable="r"><bpmn:script>${expr}</bpmn:script></bpmn:scriptTask>
    <bpmn:userTask id="next"/><bpmn:endEvent id="e"/>${flow('f0', 's', 'calc')}${flow('f1', 'calc', 'next')}${flow('f2', 'next', 'e')}`);

describe('FEEL work limits (EngineOptions.limits)', () => {
  it('a range too large to enumerate is an incident on the script task, refused before it is built', async () => {
    const d = await Driver.start(script('count(for i in 1..10000000 return i)'), {}, undefined, limits);
    expect([...d.incidents.values()]).toEqual([expect.objectContaining({ elementId: 'calc', message: expect.stringContaining(`more than ${FEEL_LIMITS.maxIterations} list/range elements`) })]);
    expect(d.engine.view().activeElements).toEqual({ calc: 1 });
  });

  it('nested iteration over variable lists is charged per visited element', async () => {
    const items = Array.from({ length: 400 }, (_, i) => i);
    const d = await Driver.start(script('count(for a in items, b in items return a + b)'), { items }, undefined, limits);
    expect([...d.incidents.values()].map((i) => i.elementId)).toEqual(['calc']);
    // the same data under the budget runs normally and the retry with smaller data passes
    const small = await Driver.start(script('count(for a in items, b in items return a + b)'), { items: items.slice(0, 100) }, undefined, limits);
    expect(small.incidents.size).toBe(0);
    expect(small.engine.view().variables.r).toBe(10_000);
    const [inc] = [...d.incidents.values()];
    d.send({ kind: 'retryIncident', incidentId: inc.incidentId, variables: { items: [1, 2, 3] } });
    expect(d.engine.view().variables.r).toBe(9);
    expect(d.engine.view().activeElements).toEqual({ next: 1 });
  });

  it('a result over the size limit is an incident naming the limit', async () => {
    const d = await Driver.start(script('for i in 1..20000 return "' + 'x'.repeat(100) + '"'), {}, undefined, limits);
    expect([...d.incidents.values()][0]).toMatchObject({ elementId: 'calc', message: expect.stringContaining(`over the limit of ${FEEL_LIMITS.maxResultChars}`) });
    expect(d.engine.view().variables.r).toBeUndefined();
  });

  it('a multi-instance activity over the instance limit is an incident on the activity', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:task id="t"><bpmn:multiInstanceLoopCharacteristics>
      <bpmn:loopCardinality>= n</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:task><bpmn:endEvent id="e"/>
      ${flow('f0', 's', 't')}${flow('f1', 't', 'e')}`);
    const d = await Driver.start(xml, { n: MAX_MULTI_INSTANCES + 1 }, undefined, limits);
    expect([...d.incidents.values()][0]).toMatchObject({ elementId: 't', message: expect.stringContaining(`over the limit of ${MAX_MULTI_INSTANCES}`) });
  });

  it('without the option (histories recorded before it) the same expression is evaluated in full', async () => {
    const d = await Driver.start(script('count(for i in 1..150000 return i)'), {}, undefined);
    expect(d.incidents.size).toBe(0);
    expect(d.engine.view().variables.r).toBe(150_000);
  });
});

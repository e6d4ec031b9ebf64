/**
 * The rules compute "every path" as a must data-flow fixpoint. Without parallel gateways this
 * must agree with plain path exploration, which is easy to trust: checked here on random
 * process graphs (exclusive gateways, loops, boundary events) with fast-check.
 */
import fc from 'fast-check';
import { Linter } from 'bpmnlint';
import { parseBpmnXml } from '../../moddle/create-moddle';
import { buildFlowGraph } from '../model/flow-graph';
import { explore } from '../model/explore.util';
import { tthcLintResolver } from '../tthc-plugin';

const STEPS = ['', '', 'receive', 'digitise', 'review', 'approve', 'sign', 'return'];

interface RandomProcess {
  steps: string[];
  gateways: number;
  edges: Array<[number, number]>;
  boundaryOn: number[];
}

const processArb = fc
  .record({
    steps: fc.array(fc.constantFrom(...STEPS), { minLength: 2, maxLength: 9 }),
    gateways: fc.integer({ min: 0, max: 3 }),
    extra: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }),
    boundaryOn: fc.array(fc.nat(), { maxLength: 2 }),
  })
  .map(({ steps, gateways, extra, boundaryOn }): RandomProcess => {
    const n = steps.length + gateways;
    // a chain through every node keeps the graph connected; extra edges add branches and loops
    const edges: Array<[number, number]> = [];
    for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1]);
    for (const [a, b] of extra) edges.push([a % n, b % n]);
    return { steps, gateways, edges, boundaryOn: boundaryOn.map((b) => b % steps.length) };
  });

function toXml(p: RandomProcess): string {
  const n = p.steps.length + p.gateways;
  const id = (i: number) => (i < p.steps.length ? `T${i}` : `G${i}`);
  const nodes = [];
  for (let i = 0; i < n; i++) {
    nodes.push(i < p.steps.length
      ? `<bpmn:userTask id="${id(i)}"${p.steps[i] ? ` tthc:step="${p.steps[i]}"` : ''} />`
      : `<bpmn:exclusiveGateway id="${id(i)}" />`);
  }
  const flows = [`<bpmn:sequenceFlow id="fs" sourceRef="S" targetRef="${id(0)}" />`, `<bpmn:sequenceFlow id="fe" sourceRef="${id(n - 1)}" targetRef="E" />`];
  p.edges.forEach(([a, b], k) => flows.push(`<bpmn:sequenceFlow id="f${k}" sourceRef="${id(a)}" targetRef="${id(b)}" />`));
  p.boundaryOn.forEach((t, k) => {
    nodes.push(`<bpmn:boundaryEvent id="B${k}" attachedToRef="T${t}"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>`);
    flows.push(`<bpmn:sequenceFlow id="fb${k}" sourceRef="B${k}" targetRef="${id(n - 1)}" />`);
  });
  return `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="D" targetNamespace="t">
    <bpmn:process id="P" tthc:procedureCode="1"><bpmn:startEvent id="S" /><bpmn:endEvent id="E" />${nodes.join('')}${flows.join('')}</bpmn:process></bpmn:definitions>`;
}

async function reported(rule: string, xml: string): Promise<string[]> {
  const { definitions } = await parseBpmnXml(xml);
  const results = await new Linter({ resolver: tthcLintResolver }).lint(definitions, { rules: { [`tthc/${rule}`]: 'error' } });
  return (results[`tthc/${rule}`] ?? []).map((r) => String(r.id)).sort();
}

/** Path-exploration oracle: (node, state) pairs visited once; a report when a bad state arrives. */
async function oracle(xml: string, rule: 'sign-before-return' | 'digitise-before-processing'): Promise<string[]> {
  const { definitions } = await parseBpmnXml(xml);
  const graph = buildFlowGraph((definitions.rootElements as any[])[0]);
  const bad = new Set<string>();
  if (rule === 'sign-before-return') {
    explore(graph, graph.starts.map((s) => [s, false] as [string, boolean]), (node, signed) => {
      if (node.step === 'return' && !signed) bad.add(node.elementId);
      const after = node.step === 'sign' ? true : node.step === 'approve' || node.step === 'review' ? false : signed;
      return { completed: after, interrupted: signed };
    }, String);
  } else {
    explore(graph, graph.starts.map((s) => [s, true] as [string, boolean]), (node, digitised) => {
      if (!digitised && ['approve', 'sign', 'return'].includes(node.step ?? '')) bad.add(node.elementId);
      if (node.step === 'receive') return { completed: false, interrupted: false };
      return { completed: digitised || node.step === 'digitise', interrupted: digitised };
    }, String);
  }
  return [...bad].sort();
}

describe.each(['sign-before-return', 'digitise-before-processing'] as const)('tthc/%s', (rule) => {
  it('agrees with path exploration on random graphs without parallel gateways', async () => {
    await fc.assert(
      fc.asyncProperty(processArb, async (p) => {
        const xml = toXml(p);
        expect(await reported(rule, xml)).toEqual(await oracle(xml, rule));
      }),
      { numRuns: 150 },
    );
  });
});

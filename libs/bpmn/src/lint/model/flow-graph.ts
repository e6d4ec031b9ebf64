import type { ModdleElement } from '../../moddle/create-moddle';
import { flowElementsOf, is, stepOf } from './tthc-attrs.util';

/**
 * The control-flow graph the TTHC path rules walk. Embedded subprocesses are flattened
 * (entering `S` leads to its start events, its end events lead to `S#exit`, which carries
 * S's step and S's outgoing flows). A node's step counts as *passed* only when the node
 * completes; leaving it through an attached boundary event does not pass it.
 */
export interface FlowGraphNode {
  /** element id, or `<id>#exit` for the completion of an embedded subprocess */
  key: string;
  /** the BPMN element to report on */
  elementId: string;
  el: ModdleElement;
  /** `tthc:step`, counted when the node completes */
  step?: string;
  /** successors when the node completes normally (sequence flows, subprocess entry/exit) */
  next: string[];
  /** boundary events attached to the node: they fire while it is active */
  boundaries: string[];
  /** an end event whose completion ends the process: its kind */
  processEnd?: 'none' | 'terminate' | 'other';
  /** a non-interrupting boundary event or event-subprocess start: it forks a side branch */
  sideBranch?: boolean;
}

export interface FlowGraph {
  process: ModdleElement;
  nodes: Map<string, FlowGraphNode>;
  /** start events of the process (not of event subprocesses), or implicit starts */
  starts: string[];
  /** start events of event subprocesses */
  eventStarts: string[];
}

export function buildFlowGraph(process: ModdleElement): FlowGraph {
  const graph: FlowGraph = { process, nodes: new Map(), starts: startsOf(process), eventStarts: [] };
  addContainer(graph, process, undefined);
  return graph;
}

/**
 * @param exitKey where end events of this container lead: `S#exit` inside subprocess S;
 *   undefined at process level (they end the process); null for a non-interrupting event
 *   subprocess (its end events end only that side branch).
 */
function addContainer(graph: FlowGraph, container: ModdleElement, exitKey: string | null | undefined): void {
  const targets = outgoingIndex(container);
  const elements = flowElementsOf(container);
  for (const el of elements) {
    const id = String(el.id);
    if (!is(el, 'bpmn:FlowNode')) continue;
    const next = targets.get(id) ?? [];
    if (is(el, 'bpmn:SubProcess') && el.triggeredByEvent) {
      const starts = flowElementsOf(el).filter((c) => is(c, 'bpmn:StartEvent'));
      const interrupting = starts.every((s) => s.isInterrupting !== false);
      for (const s of starts) graph.eventStarts.push(String(s.id));
      addContainer(graph, el, interrupting ? exitKey : null);
      for (const s of starts) {
        const node = graph.nodes.get(String(s.id));
        if (node) node.sideBranch = s.isInterrupting === false;
      }
      continue;
    }
    if (is(el, 'bpmn:SubProcess')) {
      const exit = `${id}#exit`;
      put(graph, { key: id, elementId: id, el, next: startsOf(el), boundaries: [] });
      put(graph, { key: exit, elementId: id, el, step: stepOf(el), next, boundaries: [] });
      addContainer(graph, el, exit);
      continue;
    }
    const node: FlowGraphNode = { key: id, elementId: id, el, step: stepOf(el), next, boundaries: [] };
    if (is(el, 'bpmn:EndEvent')) {
      // an error end does not complete its subprocess: it goes to the error boundary event,
      // which is explored from the subprocess entry
      if (exitKey && !hasDefinition(el, 'bpmn:ErrorEventDefinition')) node.next = [exitKey];
      else if (exitKey === undefined) node.processEnd = endKind(el);
    }
    if (is(el, 'bpmn:BoundaryEvent')) node.sideBranch = el.cancelActivity === false;
    if (is(el, 'bpmn:IntermediateThrowEvent') && hasDefinition(el, 'bpmn:LinkEventDefinition')) {
      node.next = linkTargets(elements, el);
    }
    put(graph, node);
  }
  // attach boundary events after every node of the container exists
  for (const el of elements) {
    if (!is(el, 'bpmn:BoundaryEvent')) continue;
    const host = graph.nodes.get(String((el.attachedToRef as ModdleElement | undefined)?.id));
    if (host) host.boundaries.push(String(el.id));
  }
}

function put(graph: FlowGraph, node: FlowGraphNode): void {
  graph.nodes.set(node.key, node);
}

/** source id → target ids of the sequence flows of one container (does not rely on <bpmn:outgoing>). */
function outgoingIndex(container: ModdleElement): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const f of flowElementsOf(container)) {
    if (!is(f, 'bpmn:SequenceFlow')) continue;
    const source = (f.sourceRef as ModdleElement | undefined)?.id;
    const target = (f.targetRef as ModdleElement | undefined)?.id;
    if (!source || !target) continue;
    index.set(source, [...(index.get(source) ?? []), target]);
  }
  return index;
}

/** Start events of a container; without any, the flow nodes that have no incoming flow (implicit start). */
function startsOf(container: ModdleElement): string[] {
  const elements = flowElementsOf(container);
  const explicit = elements.filter((el) => is(el, 'bpmn:StartEvent')).map((el) => String(el.id));
  if (explicit.length) return explicit;
  const hasIncoming = new Set(
    elements.filter((f) => is(f, 'bpmn:SequenceFlow')).map((f) => (f.targetRef as ModdleElement | undefined)?.id),
  );
  return elements
    .filter((el) => is(el, 'bpmn:FlowNode') && !is(el, 'bpmn:BoundaryEvent') && !el.triggeredByEvent)
    .filter((el) => !el.isForCompensation && !hasIncoming.has(el.id))
    .map((el) => String(el.id));
}

function hasDefinition(el: ModdleElement, type: string): boolean {
  return ((el.eventDefinitions as ModdleElement[] | undefined) ?? []).some((d) => is(d, type));
}

function endKind(el: ModdleElement): 'none' | 'terminate' | 'other' {
  const defs = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
  if (defs.length === 0) return 'none';
  return defs.some((d) => is(d, 'bpmn:TerminateEventDefinition')) ? 'terminate' : 'other';
}

function linkTargets(elements: ModdleElement[], thrower: ModdleElement): string[] {
  const name = linkName(thrower);
  return elements
    .filter((el) => is(el, 'bpmn:IntermediateCatchEvent') && hasDefinition(el, 'bpmn:LinkEventDefinition'))
    .filter((el) => linkName(el) === name)
    .map((el) => String(el.id));
}

function linkName(el: ModdleElement): string | undefined {
  const def = ((el.eventDefinitions as ModdleElement[] | undefined) ?? []).find((d) => is(d, 'bpmn:LinkEventDefinition'));
  return (def?.name as string | undefined) ?? el.name;
}

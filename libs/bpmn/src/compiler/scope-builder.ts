/** Builds the graph ScopeNode of a process or subprocess (recursively). */
import type { GraphNode, ScopeNode, SequenceFlow } from '@tthc/contracts';
import type { CompileIssue } from './compile-error';
import { eventDefinitionOf } from './event-definitions';
import { calledGlobalTask, globalTaskCall } from './global-tasks';
import { CAMUNDA_NS, El, ZEEBE_NS, extAttr, extElement, extElements, juelToFeel, prop } from './extensions';
import { ioMappings, jobType, taskAttributes } from './task-attributes';
import { adHocSpec } from './subprocess-kinds';

const NODE_TYPES = new Set([
  'startEvent', 'endEvent', 'intermediateCatchEvent', 'intermediateThrowEvent', 'boundaryEvent',
  'task', 'userTask', 'serviceTask', 'sendTask', 'receiveTask', 'scriptTask', 'manualTask', 'businessRuleTask',
  'exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway',
  'subProcess', 'callActivity',
]);
/** transaction and ad-hoc subprocesses: graph type 'subProcess' with `transaction` / `adHoc` */
const SUBPROCESS_KINDS = new Set(['transaction', 'adHocSubProcess']);
/** what to draw instead of an element this engine refuses */
const INSTEAD: Record<string, string> = {
  complexGateway:
    "draw an inclusive gateway (conditions on its outgoing flows; as a join it waits for every token that can still arrive) or, for an activation condition such as 'go on after the first 2 of 3 branches', the branches in a subprocess that count their arrivals and a conditional event on the count (docs/engine.md, WCP-9 structured discriminator)",
};
/** flow elements with no execution semantics */
const IGNORED = new Set(['dataObject', 'dataObjectReference', 'dataStoreReference', 'sequenceFlow']);
export const ACTIVITY_TYPES = new Set(['task', 'userTask', 'serviceTask', 'sendTask', 'receiveTask', 'scriptTask', 'manualTask', 'businessRuleTask', 'subProcess', 'callActivity']);

const localType = (el: El) => {
  const t = String(el.$type ?? '');
  const l = t.includes(':') ? t.split(':')[1] : t;
  return l.charAt(0).toLowerCase() + l.slice(1);
};

export function buildScope(container: El, issues: CompileIssue[], warnings: CompileIssue[] = []): ScopeNode {
  const nodes: Record<string, GraphNode> = {};
  const flows: Record<string, SequenceFlow> = {};
  const startEvents: string[] = [];
  const eventSubprocesses: string[] = [];
  for (const el of container.flowElements ?? []) {
    const type = localType(el);
    if (type === 'sequenceFlow') {
      const f: SequenceFlow = { id: el.id, source: el.sourceRef?.id, target: el.targetRef?.id };
      if (el.name) f.name = el.name;
      const body = el.conditionExpression?.body;
      if (typeof body === 'string' && body.trim()) f.condition = juelToFeel(body);
      flows[el.id] = f;
      continue;
    }
    if (IGNORED.has(type)) continue;
    if (!NODE_TYPES.has(type) && !SUBPROCESS_KINDS.has(type)) {
      issues.push({ elementId: el.id, rule: 'unsupported-element', message: `${type} is not supported${INSTEAD[type] ? ` — ${INSTEAD[type]}` : ''}` });
      continue;
    }
    const global = type === 'callActivity' ? calledGlobalTask(el) : undefined;
    if (global) {
      const call = globalTaskCall(el, global, issues);
      if (call) nodes[el.id] = buildNode(call.el, call.type, issues, warnings);
      continue;
    }
    nodes[el.id] = buildNode(el, SUBPROCESS_KINDS.has(type) ? 'subProcess' : type, issues, warnings);
    ignoredExtensions(el, warnings);
  }
  for (const f of Object.values(flows)) {
    if (!f.source || !f.target || !nodes[f.source] || !nodes[f.target]) {
      issues.push({ elementId: f.id, rule: 'flow-dangling', message: 'sequence flow whose source or target is not a node of the same (sub)process' });
      continue;
    }
    nodes[f.source].outgoing.push(f.id);
    nodes[f.target].incoming.push(f.id);
  }
  for (const n of Object.values(nodes)) {
    if (n.type === 'boundaryEvent') {
      const host = n.attachedTo ? nodes[n.attachedTo] : undefined;
      if (!host) issues.push({ elementId: n.id, rule: 'boundary-invalid', message: 'boundary event is not attached to an activity of the same scope' });
      else (host.boundaryEvents ??= []).push(n.id);
    }
    if (n.type === 'startEvent') startEvents.push(n.id);
    if (n.type === 'subProcess' && n.triggeredByEvent) eventSubprocesses.push(n.id);
  }
  linkEvents(nodes, issues);
  compensationHandlers(container, nodes, issues);
  const scope: ScopeNode = { nodes, flows, startEvents };
  if (eventSubprocesses.length) scope.eventSubprocesses = eventSubprocesses;
  if (startEvents.length === 0) {
    const implicit = Object.values(nodes).filter(
      (n) => n.incoming.length === 0 && n.type !== 'boundaryEvent' && !n.isForCompensation && !n.triggeredByEvent && !(n.type === 'intermediateCatchEvent' && n.eventDefinition?.kind === 'link'),
    );
    if (implicit.length) scope.implicitStarts = implicit.map((n) => n.id);
  }
  return scope;
}

/** BPMN startQuantity / completionQuantity (default 1), kept when given otherwise; validated in quantities.ts */
function quantities(el: El): Pick<GraphNode, 'startQuantity' | 'completionQuantity'> {
  const out: Pick<GraphNode, 'startQuantity' | 'completionQuantity'> = {};
  if (el.startQuantity !== undefined && Number(el.startQuantity) !== 1) out.startQuantity = Number(el.startQuantity);
  if (el.completionQuantity !== undefined && Number(el.completionQuantity) !== 1) out.completionQuantity = Number(el.completionQuantity);
  return out;
}

function buildNode(el: El, type: string, issues: CompileIssue[], warnings: CompileIssue[]): GraphNode {
  const node: GraphNode = { id: el.id, type, incoming: [], outgoing: [] };
  if (el.name) node.name = el.name;
  if (el.default?.id) node.default = el.default.id;
  if (el.step) node.step = el.step;
  if (type.endsWith('Event')) {
    const def = eventDefinitionOf(el, issues);
    if (def) node.eventDefinition = def;
    Object.assign(node, ioMappings(el));
    if (def?.kind === 'message' && (type === 'intermediateThrowEvent' || type === 'endEvent')) Object.assign(node, jobType(el));
  }
  if (type === 'boundaryEvent') {
    node.attachedTo = el.attachedToRef?.id;
    node.cancelActivity = el.cancelActivity !== false;
  }
  if (type === 'startEvent') {
    node.isInterrupting = el.isInterrupting !== false;
    const fd = extElement(el, ZEEBE_NS, 'formDefinition');
    const formKey = el.formKey ?? prop(fd, 'formKey') ?? prop(fd, 'formId') ?? prop(fd, 'externalReference') ?? extAttr(el, CAMUNDA_NS, 'formKey');
    if (formKey) node.formKey = formKey;
  }
  if (type === 'receiveTask') {
    if (!el.messageRef?.name) issues.push({ elementId: el.id, rule: 'missing-ref', message: 'receive task without a message (messageRef with a name)' });
    else node.eventDefinition = eventDefinitionOf({ ...el, $type: 'bpmn:IntermediateCatchEvent', eventDefinitions: [{ $type: 'bpmn:MessageEventDefinition', messageRef: el.messageRef }] }, issues);
  }
  // the message a send task sends (BPMN messageRef): published to other processes when the task has no job type of its own
  if (type === 'sendTask' && el.messageRef?.name) {
    node.eventDefinition = eventDefinitionOf({ ...el, $type: 'bpmn:IntermediateThrowEvent', eventDefinitions: [{ $type: 'bpmn:MessageEventDefinition', messageRef: el.messageRef }] }, issues);
  }
  if (type === 'eventBasedGateway' && (el.instantiate || (el.eventGatewayType && el.eventGatewayType !== 'Exclusive'))) {
    issues.push({ elementId: el.id, rule: 'unsupported-element', message: 'instantiating / parallel event-based gateways are not supported' });
  }
  if (type === 'subProcess') {
    if (el.$type === 'bpmn:Transaction') node.transaction = true;
    else if (el.$type === 'bpmn:AdHocSubProcess') node.adHoc = adHocSpec(el);
    else if (el.$type !== 'bpmn:SubProcess') issues.push({ elementId: el.id, rule: 'unsupported-element', message: `${localType(el)} is not supported` });
    node.triggeredByEvent = el.triggeredByEvent === true;
    node.scope = buildScope(el, issues, warnings);
  }
  if (el.isForCompensation) node.isForCompensation = true;
  if (ACTIVITY_TYPES.has(type)) Object.assign(node, taskAttributes(el, type, issues), quantities(el));
  return node;
}

/** vendor extensions with behaviour this engine does not implement: deployable, but say so */
const IGNORED_EXTENSIONS: Record<string, string[]> = {
  [ZEEBE_NS]: ['executionListeners', 'taskListeners', 'calledDecision'],
  [CAMUNDA_NS]: ['inputOutput', 'executionListener', 'taskListener', 'connector', 'in', 'out', 'field', 'failedJobRetryTimeCycle'],
};

/** Camunda 7 Java implementations: the task still runs as a job (type from zeebe:/tthc:/camunda:topic, else 'noop'), but that code never does */
const C7_JAVA = ['class', 'expression', 'delegateExpression'];

function ignoredExtensions(el: El, warnings: CompileIssue[]) {
  // BPMN data associations that copy or transform data (assignments, transformations) carry behaviour the engine does not run
  const mapping = [...(el.dataInputAssociations ?? []), ...(el.dataOutputAssociations ?? [])].some((a: El) => a.assignment?.length || a.transformation);
  if (mapping) warnings.push({ elementId: el.id, rule: 'data-association-ignored', message: 'data association assignments / transformations are not run; map variables with zeebe:ioMapping or tthc input/output mappings' });
  const users = prop(extElement(el, ZEEBE_NS, 'assignmentDefinition'), 'candidateUsers') ?? extAttr(el, CAMUNDA_NS, 'candidateUsers');
  if (users !== undefined) warnings.push({ elementId: el.id, rule: 'extension-ignored', message: `candidateUsers="${users}" is not supported: the task is offered by assignee / candidateGroups only (use a candidate group)` });
  for (const attr of C7_JAVA) {
    const value = extAttr(el, CAMUNDA_NS, attr);
    if (value !== undefined) warnings.push({ elementId: el.id, rule: 'extension-ignored', message: `camunda:${attr}="${value}" (Camunda 7 Java code) is not run by this engine; the task becomes a job of type '${jobType(el).taskType ?? 'noop'}' — give it a job worker type (zeebe:taskDefinition type or tthc:taskType)` });
  }
  for (const [uri, names] of Object.entries(IGNORED_EXTENSIONS)) {
    for (const name of names) {
      if (extElements(el, uri, name).length) {
        warnings.push({ elementId: el.id, rule: 'extension-ignored', message: `${uri === ZEEBE_NS ? 'zeebe' : 'camunda'}:${name} is not supported by this engine and is ignored` });
      }
    }
  }
}

function linkEvents(nodes: Record<string, GraphNode>, issues: CompileIssue[]) {
  const catches = new Map<string, string>();
  for (const n of Object.values(nodes)) {
    const d = n.eventDefinition;
    if (n.type === 'intermediateCatchEvent' && d?.kind === 'link') {
      if (catches.has(d.name)) issues.push({ elementId: n.id, rule: 'link-duplicate', message: `two link catch events named '${d.name}' in one scope` });
      catches.set(d.name, n.id);
    }
  }
  for (const n of Object.values(nodes)) {
    const d = n.eventDefinition;
    if (n.type === 'intermediateThrowEvent' && d?.kind === 'link') {
      const target = catches.get(d.name);
      if (!target) issues.push({ elementId: n.id, rule: 'link-unmatched', message: `no link catch event named '${d.name}' in the same scope` });
      else n.linkTarget = target;
    }
  }
}

/** compensation boundary event --association--> handler activity */
function compensationHandlers(container: El, nodes: Record<string, GraphNode>, issues: CompileIssue[]) {
  for (const a of container.artifacts ?? []) {
    if (a.$type !== 'bpmn:Association') continue;
    const src = nodes[a.sourceRef?.id];
    const dst = nodes[a.targetRef?.id];
    if (src?.type === 'boundaryEvent' && src.eventDefinition?.kind === 'compensate' && dst && src.attachedTo && nodes[src.attachedTo]) {
      nodes[src.attachedTo].compensationHandler = dst.id;
      src.compensationHandler = dst.id;
    }
  }
  for (const n of Object.values(nodes)) {
    if (n.type === 'boundaryEvent' && n.eventDefinition?.kind === 'compensate' && !n.compensationHandler) {
      issues.push({ elementId: n.id, rule: 'compensation-handler', message: 'compensation boundary event without an associated handler activity' });
    }
  }
}

/** What each kind of node does when activated (after its input mappings). */
import type { GraphNode } from '@tthc/contracts';
import { enterAdHoc } from './ad-hoc';
import type { EngineCommand } from './api';
import { ExpressionError, feel, literalOrFeel } from './expressions';
import { arrive, complete, openBoundaries } from './flow';
import { activateEventGateway, gatewayPassThrough } from './gateways';
import { raiseIncident } from './incidents';
import { throwEvent } from './throw-events';
import type { Runtime } from './runtime';
import type { Inst } from './state';
import { openSubscription } from './subscriptions';
import { evalMappings, setLocal, visible } from './variables';

const PASS_THROUGH = new Set(['task', 'manualTask', 'startEvent', 'boundaryEvent']);

export function activateNode(rt: Runtime, inst: Inst): void {
  const node = rt.node(inst.elementId);
  try {
    if (node.inputs?.length) {
      const local = evalMappings(node.inputs, visible(rt.state, inst.id));
      for (const [k, v] of Object.entries(local)) setLocal(inst, k, v);
    }
    if (!inst.armed && inst.index === undefined) {
      inst.armed = true;
      openBoundaries(rt, inst, node);
    }
    behave(rt, inst, node);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    raiseIncident(rt, inst, err.message, 'activate');
  }
}

function behave(rt: Runtime, inst: Inst, node: GraphNode): void {
  const t = node.type;
  if (PASS_THROUGH.has(t)) return complete(rt, inst);
  if (t.endsWith('Gateway')) return t === 'eventBasedGateway' ? activateEventGateway(rt, inst, node) : gatewayPassThrough(rt, inst);
  if (t === 'intermediateThrowEvent' || t === 'endEvent') return throwEvent(rt, inst, node);
  if (t === 'intermediateCatchEvent') {
    if (!node.eventDefinition || node.eventDefinition.kind === 'link') return complete(rt, inst);
    return openSubscription(rt, inst, node, 'catch', node.eventDefinition);
  }
  if (t === 'receiveTask') return openSubscription(rt, inst, node, 'catch', node.eventDefinition);
  if (t === 'scriptTask' && node.script) {
    const value = feel(node.script.expression, visible(rt.state, inst.id));
    return complete(rt, inst, node.script.resultVariable ? { [node.script.resultVariable]: value } : undefined);
  }
  if (t === 'sendTask' && rt.options.throwStarts && node.eventDefinition?.kind === 'message' && (node.taskType ?? 'noop') === 'noop') {
    return startJob(rt, inst, { ...node, taskType: 'noop', headers: { messageName: node.eventDefinition.name, ...(node.headers ?? {}) } }, publication(rt, inst, node.eventDefinition));
  }
  if (node.taskType !== undefined) return startJob(rt, inst, node);
  if (t === 'userTask') return openUserTask(rt, inst, node);
  if (t === 'subProcess') return enterScope(rt, inst, node);
  if (t === 'callActivity') return startChild(rt, inst, node);
  raiseIncident(rt, inst, `element type '${t}' cannot be executed`, 'activate');
}

/** the message a throw publishes (EngineOptions.throwStarts): its local variables, the key evaluated in the thrower */
export function publication(rt: Runtime, inst: Inst, d: { name: string; correlationKey?: string }): NonNullable<Extract<EngineCommand, { kind: 'startJob' }>['publish']> {
  const key = d.correlationKey ? feel(d.correlationKey, visible(rt.state, inst.id)) : undefined;
  return { name: d.name, ...(key !== undefined && key !== null ? { correlationKey: String(key) } : {}), variables: { ...(inst.vars ?? {}) } };
}

export function startJob(rt: Runtime, inst: Inst, node: GraphNode, publish?: ReturnType<typeof publication>): void {
  const jobId = rt.newId();
  inst.jobId = jobId;
  rt.state.waits[jobId] = inst.id;
  const ctx = visible(rt.state, inst.id);
  rt.emit({
    kind: 'startJob',
    jobId,
    elementId: node.id,
    elementInstanceId: inst.id,
    taskType: String(literalOrFeel(node.taskType ?? 'noop', ctx)),
    variables: ctx,
    ...(node.headers ? { headers: node.headers } : {}),
    retries: node.retries ?? 3,
    ...(publish ? { publish } : {}),
  });
}

function openUserTask(rt: Runtime, inst: Inst, node: GraphNode): void {
  const taskId = rt.newId();
  inst.taskId = taskId;
  rt.state.waits[taskId] = inst.id;
  const ctx = visible(rt.state, inst.id);
  const cmd: any = { kind: 'openUserTask', taskId, elementId: node.id, elementInstanceId: inst.id, variables: ctx };
  if (node.name) cmd.name = node.name;
  if (node.step) cmd.step = node.step;
  if (node.formKey) cmd.formKey = node.formKey;
  if (node.assignee) {
    const a = literalOrFeel(node.assignee, ctx);
    if (a !== null && a !== '') cmd.assignee = String(a);
  }
  if (node.candidateGroups?.length) {
    const g = node.candidateGroups.length === 1 ? literalOrFeel(node.candidateGroups[0], ctx) : node.candidateGroups;
    const list = Array.isArray(g) ? g.map(String) : typeof g === 'string' ? g.split(',').map((s) => s.trim()).filter(Boolean) : [];
    if (list.length) cmd.candidateGroups = list;
  }
  if (node.due) {
    const d = literalOrFeel(node.due, ctx);
    if (d !== null) Object.assign(cmd, { due: String(d), dueCalendar: node.dueCalendar ?? 'absolute' });
  }
  rt.emit(cmd);
}

function enterScope(rt: Runtime, inst: Inst, node: GraphNode): void {
  openEventSubprocesses(rt, inst, node.scope!);
  if (node.adHoc) return enterAdHoc(rt, inst, node);
  const start = node.scope!.startEvents[0];
  if (start) complete(rt, rt.create(start, 'startEvent', inst.id));
  else for (const id of node.scope!.implicitStarts ?? []) arrive(rt, inst.id, id, null);
}

/** message / timer / signal starts of the event subprocesses of a scope */
export function openEventSubprocesses(rt: Runtime, scopeInst: Inst, scope: NonNullable<GraphNode['scope']>): void {
  for (const es of scope.eventSubprocesses ?? []) {
    const start = rt.node(rt.node(es).scope!.startEvents[0]);
    openSubscription(rt, scopeInst, start, 'eventSub', start.eventDefinition);
  }
}

export function startChild(rt: Runtime, inst: Inst, node: GraphNode): void {
  const ce = node.calledElement!;
  const childId = rt.newId();
  inst.childId = childId;
  rt.state.waits[childId] = inst.id;
  const variables = ce.propagateAllParentVariables ? visible(rt.state, inst.id) : { ...(inst.vars ?? {}) };
  const processKey = String(literalOrFeel(ce.processKey, visible(rt.state, inst.id)));
  rt.emit({ kind: 'startChild', childId, elementId: node.id, elementInstanceId: inst.id, processKey, variables });
}

export function childResult(node: GraphNode, vars: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (node.outputs?.length) return vars;
  return node.calledElement?.propagateAllChildVariables === false ? undefined : vars;
}


/**
 * Token flow: arriving at a node, completing an element instance (output mappings,
 * choosing outgoing flows), terminating instances, and completing scopes when
 * nothing is left inside them.
 */
import type { GraphNode, SequenceFlow } from '@tthc/contracts';
import { adHocContinue, adHocInnerCompleted } from './ad-hoc';
import { activateNode } from './behaviours';
import { handlerDone, registerCompensable } from './compensation';
import { ExpressionError, feelBool, feelCondition } from './expressions';
import { arriveAtJoin } from './gateways';
import { raiseIncident } from './incidents';
import { finishBody, innerCompleting, startBody } from './multi-instance';
import type { Runtime } from './runtime';
import type { Inst } from './state';
import { closeSubs, openSubscription } from './subscriptions';
import { evalMappings, propagate, visible } from './variables';

export function arrive(rt: Runtime, scopeId: string, nodeId: string, flowId: string | null): void {
  if (!rt.inst(scopeId)) return;
  const node = rt.node(nodeId);
  if ((node.type === 'parallelGateway' || node.type === 'inclusiveGateway') && node.incoming.length > 1 && flowId) {
    arriveAtJoin(rt, scopeId, node, flowId);
    return;
  }
  if (rt.options.activityQuantities && (node.startQuantity ?? 1) > 1 && !takeStartQuantity(rt, scopeId, node, flowId)) return;
  if (node.multiInstance || node.loop) {
    startBody(rt, rt.create(node.id, 'multiInstanceBody', scopeId));
    return;
  }
  activate(rt, rt.create(node.id, node.type, scopeId));
}

/**
 * BPMN §13.3.1: a token arriving at an activity with startQuantity n waits with the others (state.joins,
 * keyed like a join); the n-th one starts the activity and consumes n. True when the activity starts now.
 */
function takeStartQuantity(rt: Runtime, scopeId: string, node: GraphNode, flowId: string | null): boolean {
  const key = `${scopeId}|${node.id}`;
  const tokens = (rt.state.joins[key] ??= {});
  const via = flowId ?? '';
  tokens[via] = (tokens[via] ?? 0) + 1;
  let need = node.startQuantity!;
  if (Object.values(tokens).reduce((a, b) => a + b, 0) < need) return false;
  for (const f of Object.keys(tokens)) {
    const take = Math.min(tokens[f], need);
    tokens[f] -= take;
    need -= take;
    if (tokens[f] === 0) delete tokens[f];
  }
  if (Object.keys(tokens).length === 0) delete rt.state.joins[key];
  return true;
}

/** (re)runs an instance's activation: a body's iteration setup or a node's behaviour */
export function activate(rt: Runtime, inst: Inst): void {
  if (inst.type === 'multiInstanceBody') startBody(rt, inst);
  else activateNode(rt, inst);
}

/** boundary subscriptions of an activity (message / timer / signal; error and escalation are found by propagation) */
export function openBoundaries(rt: Runtime, inst: Inst, node: GraphNode): void {
  for (const b of node.boundaryEvents ?? []) openSubscription(rt, inst, rt.node(b), 'boundary', rt.node(b).eventDefinition);
}

/** the instance is done with its work: apply outputs, then leave */
export function complete(rt: Runtime, inst: Inst, result?: Record<string, unknown>, by?: string): void {
  if (!rt.inst(inst.id)) return;
  const node = rt.node(inst.elementId);
  try {
    if (node.outputs?.length) propagate(rt.state, inst.parentId, evalMappings(node.outputs, { ...visible(rt.state, inst.id), ...(result ?? {}) }));
    else propagate(rt.state, inst.id, result);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    raiseIncident(rt, inst, err.message, 'complete', { result: result ?? {}, ...(by ? { by } : {}) });
    return;
  }
  finish(rt, inst, by);
}

/** choose outgoing flows, drop the instance and move the tokens on */
export function finish(rt: Runtime, inst: Inst, by?: string): void {
  const node = rt.node(inst.elementId);
  const parent = rt.inst(inst.parentId);
  if (inst.index !== undefined && parent?.body) {
    innerCompleting(rt, parent, inst);
    registerCompensable(rt, inst, node);
    closeSubs(rt, inst.id);
    rt.drop(inst, 'COMPLETED', by);
    rt.defer(() => finishBodyIteration(rt, parent.id));
    return;
  }
  let flows: SequenceFlow[];
  try {
    flows = selectFlows(rt, inst, node);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    raiseIncident(rt, inst, err.message, 'leave', by ? { by } : undefined);
    return;
  }
  registerCompensable(rt, inst, node);
  closeSubs(rt, inst.id);
  rt.drop(inst, 'COMPLETED', by);
  const scopeId = inst.parentId!;
  if (inst.compensationFor) handlerDone(rt, inst.compensationFor);
  else if (node.linkTarget) rt.deferMove(scopeId, () => arrive(rt, scopeId, node.linkTarget!, null));
  else {
    const copies = rt.options.activityQuantities ? (node.completionQuantity ?? 1) : 1;
    for (const f of flows) for (let k = 0; k < copies; k++) rt.deferMove(scopeId, () => arrive(rt, scopeId, f.target, f.id));
  }
  adHocInnerCompleted(rt, scopeId, node);
  scheduleScopeCheck(rt, scopeId);
}

function finishBodyIteration(rt: Runtime, bodyId: string) {
  const body = rt.inst(bodyId);
  if (body) finishBody(rt, body);
}

export function selectFlows(rt: Runtime, inst: Inst, node: GraphNode): SequenceFlow[] {
  const flows = node.outgoing.map((f) => rt.idx.flows.get(f)!);
  if (flows.length === 0 || node.type === 'parallelGateway') return flows;
  const ctx = visible(rt.state, inst.id);
  const conditional = node.type === 'exclusiveGateway' || node.type === 'inclusiveGateway' || flows.some((f) => f.condition);
  if (!conditional) return flows;
  const candidates = flows.filter((f) => f.id !== node.default);
  const test = rt.options.strictConditions ? feelCondition : feelBool;
  if (rt.options.activityDefaultFlow && !node.type.endsWith('Gateway')) return activityFlows(rt, node, candidates, (c) => test(c, ctx));
  let chosen: SequenceFlow[];
  if (node.type === 'exclusiveGateway') {
    const first = candidates.find((f) => !f.condition || test(f.condition, ctx));
    chosen = first ? [first] : [];
  } else chosen = candidates.filter((f) => !f.condition || test(f.condition, ctx));
  if (chosen.length === 0 && node.default) chosen = [rt.idx.flows.get(node.default)!];
  if (chosen.length === 0) throw new ExpressionError(`no outgoing sequence flow of '${node.id}' has a true condition and there is no default flow`);
  return chosen;
}

/**
 * BPMN 2.0.2 §13.2.1 (activity): unconditional flows always, every true conditional flow, and
 * the default flow when no conditional flow is true (whatever the unconditional ones do).
 */
function activityFlows(rt: Runtime, node: GraphNode, candidates: SequenceFlow[], test: (condition: string) => boolean): SequenceFlow[] {
  const conditional = candidates.filter((f) => f.condition);
  const chosen = candidates.filter((f) => !f.condition);
  const passed = conditional.filter((f) => test(f.condition!));
  chosen.push(...passed);
  if (passed.length === 0 && node.default) chosen.push(rt.idx.flows.get(node.default)!);
  if (chosen.length === 0) throw new ExpressionError(`no outgoing sequence flow of '${node.id}' has a true condition and there is no default flow`);
  // document order, as the flows were drawn
  return node.outgoing.map((id) => chosen.find((f) => f.id === id)).filter((f): f is SequenceFlow => !!f);
}

/** terminate an instance and everything inside it (cancel commands for its waits) */
export function terminate(rt: Runtime, inst: Inst): void {
  if (!rt.inst(inst.id)) return;
  for (const c of rt.children(inst.id)) terminate(rt, c);
  if (inst.jobId) { rt.emit({ kind: 'cancelJob', jobId: inst.jobId }); delete rt.state.waits[inst.jobId]; }
  if (inst.taskId) { rt.emit({ kind: 'cancelUserTask', taskId: inst.taskId }); delete rt.state.waits[inst.taskId]; }
  if (inst.childId) { rt.emit({ kind: 'cancelChild', childId: inst.childId }); delete rt.state.waits[inst.childId]; }
  if (inst.incidentId && rt.state.incidents[inst.incidentId]) {
    delete rt.state.incidents[inst.incidentId];
    rt.emit({ kind: 'incidentResolved', incidentId: inst.incidentId });
  }
  closeSubs(rt, inst.id);
  rt.drop(inst, 'TERMINATED');
  const parent = rt.inst(inst.parentId);
  if (parent?.body) {
    parent.body.terminated++;
    parent.body.active--;
  }
  if (inst.compensationFor) rt.defer(() => handlerDone(rt, inst.compensationFor!));
  if (inst.parentId) scheduleScopeCheck(rt, inst.parentId);
}

export function scheduleScopeCheck(rt: Runtime, scopeId: string | null): void {
  if (scopeId) rt.defer(() => checkScope(rt, scopeId));
}

/** a scope with no active children and no waiting join tokens is complete */
function checkScope(rt: Runtime, scopeId: string) {
  const scope = rt.inst(scopeId);
  if (!scope || scope.type === 'multiInstanceBody' || scope.incidentId || scope.cancelling) return;
  if (scope.type !== 'process' && scope.type !== 'subProcess') return;
  if (rt.children(scopeId).length || rt.inFlight.get(scopeId)) return;
  for (const [k, tokens] of Object.entries(rt.state.joins)) {
    if (!k.startsWith(scopeId + '|') || !Object.values(tokens).some((n) => n > 0)) continue;
    // tokens short of an activity's startQuantity, with nothing left in the scope to bring more: dropped
    if (rt.options.activityQuantities && !rt.node(k.slice(k.lastIndexOf('|') + 1)).type.endsWith('Gateway')) continue;
    return;
  }
  if (rt.options.activityQuantities) for (const k of Object.keys(rt.state.joins)) if (k.startsWith(scopeId + '|')) delete rt.state.joins[k];
  if (scope.type === 'process') {
    closeSubs(rt, scope.id);
    const state = scope.endState === 'TERMINATED' ? 'TERMINATED' : 'COMPLETED';
    rt.state.status = state;
    rt.state.finalVariables = scope.vars ?? {};
    rt.drop(scope, 'COMPLETED');
    rt.emit({ kind: 'ended', state, variables: scope.vars ?? {} });
    return;
  }
  if (adHocContinue(rt, scope)) return;
  complete(rt, scope);
}

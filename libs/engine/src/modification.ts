/**
 * Token modification (Camunda Operate): cancel element instances, start a token before or after
 * an element, move tokens. Checked first (`checkModification`, pure: the workflow's update
 * validator refuses with the problems), then applied as one engine event — activations are queued
 * before the cancellations, so a scope left empty by a move does not complete in between.
 *
 * Restrictions (Camunda's): no start event and no boundary event as a target; the target's scope
 * (the process, or one active instance of its subprocess) must be active; start after needs
 * exactly one outgoing sequence flow; a cancel needs an active instance of the element.
 */
import type { ModificationInstruction, ModificationProblem } from '@tthc/contracts';
import { arrive, terminate } from './flow';
import type { GraphIndex } from './graph-index';
import type { Runtime } from './runtime';
import type { EngineState, Inst } from './state';
import { isVariables } from './variables';

export function checkModification(idx: GraphIndex, state: EngineState, instructions: ModificationInstruction[]): ModificationProblem[] {
  const problems: ModificationProblem[] = [];
  if (!Array.isArray(instructions) || instructions.length === 0) return [{ index: 0, elementId: '', message: 'no instruction' }];
  if (state.status !== 'ACTIVE') return [{ index: 0, elementId: '', message: `the instance is ${state.status}` }];
  instructions.forEach((ins, index) => {
    const fail = (elementId: string, message: string) => problems.push({ index, elementId, message });
    if ('variables' in ins && ins.variables !== undefined && !isVariables(ins.variables)) return fail(targetOf(ins), 'variables must be a JSON object');
    switch (ins.kind) {
      case 'cancel': {
        if (ins.elementInstanceId) {
          const inst = state.instances[ins.elementInstanceId];
          if (!inst || inst.elementId !== ins.elementId) return fail(ins.elementId, `no active instance ${ins.elementInstanceId} of '${ins.elementId}'`);
        } else if (activeOf(state, ins.elementId).length === 0) return fail(ins.elementId, `'${ins.elementId}' has no active instance`);
        return;
      }
      case 'move':
        if (activeOf(state, ins.from).length === 0) return fail(ins.from, `'${ins.from}' has no active instance`);
        return checkTarget(idx, state, ins.to, fail);
      case 'startBefore':
        return checkTarget(idx, state, ins.elementId, fail);
      case 'startAfter': {
        const n = idx.nodes.get(ins.elementId);
        if (!n) return fail(ins.elementId, `'${ins.elementId}' is not an element of this version`);
        if (n.node.type === 'boundaryEvent' || n.node.type === 'startEvent') return fail(ins.elementId, `a ${n.node.type} cannot be a modification target`);
        if (n.node.outgoing.length !== 1) return fail(ins.elementId, `start after '${ins.elementId}' needs exactly one outgoing sequence flow (it has ${n.node.outgoing.length})`);
        return checkTarget(idx, state, idx.flows.get(n.node.outgoing[0])!.target, fail);
      }
      default:
        return fail('', `unknown instruction ${(ins as { kind?: string }).kind}`);
    }
  });
  return problems;
}

export function applyModification(rt: Runtime, instructions: ModificationInstruction[]): void {
  const st = rt.state;
  const cancels: Inst[] = [];
  for (const ins of instructions) {
    if (ins.kind === 'cancel') {
      cancels.push(...(ins.elementInstanceId ? [st.instances[ins.elementInstanceId]] : activeOf(st, ins.elementId)));
      continue;
    }
    if (ins.kind === 'move') cancels.push(...activeOf(st, ins.from));
    const target = ins.kind === 'startAfter' ? rt.idx.flows.get(rt.node(ins.elementId).outgoing[0])! : undefined;
    const elementId = ins.kind === 'move' ? ins.to : target ? target.target : ins.elementId;
    const scope = scopeInstance(rt.idx, st, elementId)!;
    if (ins.variables) scope.vars = { ...(scope.vars ?? {}), ...(JSON.parse(JSON.stringify(ins.variables)) as Record<string, unknown>) };
    rt.deferMove(scope.id, () => arrive(rt, scope.id, elementId, target?.id ?? null));
  }
  for (const inst of cancels) if (inst) terminate(rt, inst);
}

function checkTarget(idx: GraphIndex, state: EngineState, elementId: string, fail: (id: string, m: string) => void): void {
  const n = idx.nodes.get(elementId);
  if (!n) return fail(elementId, `'${elementId}' is not an element of this version`);
  if (n.node.type === 'startEvent' || n.node.type === 'boundaryEvent') return fail(elementId, `a ${n.node.type} cannot be a modification target (Camunda's restriction)`);
  if (!scopeInstance(idx, state, elementId)) return fail(elementId, `the scope of '${elementId}' (${n.owner}) must have exactly one active instance`);
}

/** the element instance the token goes into: the process, or the one active instance of the owning subprocess */
function scopeInstance(idx: GraphIndex, state: EngineState, elementId: string): Inst | undefined {
  const owner = idx.nodes.get(elementId)?.owner ?? null;
  if (owner === null) return state.instances[state.rootId];
  const scopes = Object.values(state.instances).filter((i) => i.elementId === owner && i.type !== 'multiInstanceBody');
  return scopes.length === 1 ? scopes[0] : undefined;
}

function activeOf(state: EngineState, elementId: string): Inst[] {
  // the body of a multi-instance element stands for all its inner instances
  const all = Object.values(state.instances).filter((i) => i.elementId === elementId && i.type !== 'process');
  const bodies = all.filter((i) => i.type === 'multiInstanceBody');
  return bodies.length ? bodies : all;
}

function targetOf(ins: ModificationInstruction): string {
  return ins.kind === 'move' ? ins.to : ins.elementId;
}

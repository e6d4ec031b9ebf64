/**
 * Variable scopes (Camunda 8 semantics): every scope instance may hold local
 * variables; reading sees the chain root → leaf; writing "propagates": a variable is
 * set in the nearest scope that already defines it, otherwise in the process scope.
 */
import type { IoMapping } from '@tthc/contracts';
import { feel, toJson } from './expressions';
import type { EngineState, Inst } from './state';

export function chain(state: EngineState, instId: string | null): Inst[] {
  const out: Inst[] = [];
  for (let cur = instId ? state.instances[instId] : undefined; cur; cur = cur.parentId ? state.instances[cur.parentId] : undefined) out.push(cur);
  return out; // leaf first
}

/** all variables visible from an instance (leaf wins) */
export function visible(state: EngineState, instId: string | null): Record<string, unknown> {
  const ctx: Record<string, unknown> = {};
  const c = chain(state, instId);
  for (let i = c.length - 1; i >= 0; i--) if (c[i].vars) Object.assign(ctx, c[i].vars);
  return ctx;
}

export function setLocal(inst: Inst, name: string, value: unknown): void {
  inst.vars ??= {};
  assignPath(inst.vars, name, toJson(value));
}

/** set variables from `instId` upwards: nearest scope defining the name, else the root */
export function propagate(state: EngineState, instId: string | null, vars: Record<string, unknown> | undefined): void {
  if (!vars) return;
  const c = chain(state, instId);
  const root = state.instances[state.rootId];
  for (const [name, value] of Object.entries(vars)) {
    const head = name.split('.')[0];
    const owner = c.find((i) => i.vars && Object.prototype.hasOwnProperty.call(i.vars, head)) ?? root;
    if (owner) setLocal(owner, name, value);
  }
}

/** `a.b.c` targets create/extend nested objects (as Zeebe output mappings do) */
function assignPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let obj = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const cur = obj[parts[i]];
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) obj[parts[i]] = {};
    obj = obj[parts[i]] as Record<string, unknown>;
  }
  obj[parts[parts.length - 1]] = value;
}

/** evaluates mappings in order (earlier targets visible to later sources) */
export function evalMappings(mappings: IoMapping[], ctx: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const scope = { ...ctx };
  for (const m of mappings) {
    const v = feel(m.source, scope);
    assignPath(out, m.target, v);
    assignPath(scope, m.target, v);
  }
  return out;
}

/** plain-object check for variables coming from outside */
export function isVariables(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

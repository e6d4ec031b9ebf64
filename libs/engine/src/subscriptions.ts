/** Opening and closing message / timer / signal subscriptions. */
import type { EventDefinition, GraphNode, TimerDefinition } from '@tthc/contracts';
import { ExpressionError, literalOrFeel } from './expressions';
import type { Runtime } from './runtime';
import { triggerSub } from './triggers';
import type { Inst, Sub, SubRole } from './state';
import { visible } from './variables';

export function openSubscription(rt: Runtime, owner: Inst, target: GraphNode, role: SubRole, def: EventDefinition | undefined): void {
  if (!def) return;
  const ctx = () => visible(rt.state, owner.id);
  if (def.kind === 'message') {
    const name = String(literalOrFeel(def.name, ctx()));
    const key = def.correlationKey ? literalOrFeel('=' + def.correlationKey, ctx()) : undefined;
    const sub: Sub = { id: rt.newId(), kind: 'message', role, elementId: target.id, ownerId: owner.id, name };
    if (key !== undefined && key !== null) sub.correlationKey = String(key);
    rt.state.subs[sub.id] = sub;
    rt.defer(() => matchBuffered(rt, sub.id));
  } else if (def.kind === 'signal') {
    const sub: Sub = { id: rt.newId(), kind: 'signal', role, elementId: target.id, ownerId: owner.id, name: String(literalOrFeel(def.name, ctx())) };
    rt.state.subs[sub.id] = sub;
  } else if (def.kind === 'conditional') {
    const sub: Sub = { id: rt.newId(), kind: 'conditional', role, elementId: target.id, ownerId: owner.id, condition: def.condition, last: false };
    rt.state.subs[sub.id] = sub;
  } else if (def.kind === 'timer') {
    const raw = literalOrFeel(def.timer.value, ctx());
    if (raw === null || raw === undefined || raw === '') throw new ExpressionError(`timer '${def.timer.value}' of '${target.id}' has no value`);
    const value = String(raw);
    const timer: TimerDefinition = { type: def.timer.type, value };
    const sub: Sub = { id: rt.newId(), kind: 'timer', role, elementId: target.id, ownerId: owner.id, timer };
    if (timer.type === 'cycle') {
      const m = /^R(\d*)\//.exec(value);
      sub.remaining = m && m[1] !== '' ? Number(m[1]) : -1;
      if (sub.remaining === 0) return; // R0: never fires
    }
    rt.state.subs[sub.id] = sub;
    armTimer(rt, sub, def.calendar, 0);
  }
}

export function armTimer(rt: Runtime, sub: Sub, calendar?: 'working' | 'absolute', repetition = 0): void {
  sub.timerId = rt.newId();
  const def = rt.node(sub.elementId).eventDefinition;
  const cal = calendar ?? (def?.kind === 'timer' ? def.calendar : 'absolute');
  rt.emit({
    kind: 'startTimer',
    timerId: sub.timerId,
    elementId: sub.elementId,
    elementInstanceId: sub.ownerId,
    timer: sub.timer!,
    calendar: cal,
    startedAt: rt.now(),
    ...(sub.timer!.type === 'cycle' ? { repetition } : {}),
  });
}

export function closeSub(rt: Runtime, sub: Sub): void {
  delete rt.state.subs[sub.id];
  if (sub.kind === 'timer' && sub.timerId) rt.emit({ kind: 'cancelTimer', timerId: sub.timerId });
}

export function closeSubs(rt: Runtime, ownerId: string, role?: SubRole): void {
  for (const s of Object.values(rt.state.subs)) if (s.ownerId === ownerId && (!role || s.role === role)) closeSub(rt, s);
}

export function messageMatches(sub: Sub, name: string, key: string | undefined): boolean {
  if (sub.kind !== 'message' || sub.name !== name) return false;
  return sub.correlationKey === undefined || sub.correlationKey === (key === undefined || key === null ? undefined : String(key));
}

/** a message that arrived before anyone waited for it is kept and matched on subscribe */
function matchBuffered(rt: Runtime, subId: string) {
  const sub = rt.state.subs[subId];
  if (!sub) return;
  const i = rt.state.buffered.findIndex((m) => messageMatches(sub, m.name, m.correlationKey));
  if (i < 0) return;
  const [msg] = rt.state.buffered.splice(i, 1);
  triggerSub(rt, sub, msg.variables ?? {});
}

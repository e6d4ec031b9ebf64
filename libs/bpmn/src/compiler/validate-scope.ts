/** Static checks over a built scope (recursively): the deploy-time rules of issue #3. */
import type { GraphNode, ScopeNode } from '@tthc/contracts';
import { parseExpression } from 'feelin';
import type { CompileIssue } from './compile-error';
import { checkQuantities } from './quantities';
import { foreignConstructs, hintFor } from './feel-dialect';
import { checkSubprocessKinds } from './subprocess-kinds';

type Kind = 'process' | 'subProcess' | 'eventSubProcess' | 'transaction' | 'adHocSubProcess';

const CATCH_KINDS: Record<string, string[]> = {
  startEvent: ['none', 'message', 'timer', 'signal'],
  eventSubStart: ['message', 'timer', 'signal', 'error', 'escalation', 'conditional'],
  intermediateCatchEvent: ['message', 'timer', 'signal', 'link', 'conditional'],
  intermediateThrowEvent: ['none', 'message', 'signal', 'escalation', 'link', 'compensate'],
  endEvent: ['none', 'message', 'signal', 'error', 'escalation', 'terminate', 'compensate', 'cancel'],
  boundaryEvent: ['message', 'timer', 'signal', 'error', 'escalation', 'compensate', 'conditional', 'cancel'],
};
const WAIT_TYPES = new Set(['userTask', 'serviceTask', 'sendTask', 'businessRuleTask', 'receiveTask', 'callActivity', 'eventBasedGateway']);

export function validateScope(scope: ScopeNode, kind: Kind, issues: CompileIssue[]): void {
  const nodes = Object.values(scope.nodes);
  const noneStarts = scope.startEvents.filter((id) => !scope.nodes[id].eventDefinition);
  const implicit = scope.startEvents.length === 0 && (scope.implicitStarts?.length ?? 0) > 0;
  if (kind === 'process' && scope.startEvents.length === 0 && !implicit) issues.push({ rule: 'start-event-missing', message: 'the process has no start event and no element without incoming flows' });
  if (kind === 'process' && noneStarts.length > 1) issues.push({ elementId: noneStarts[1], rule: 'start-event-multiple', message: 'a process may have at most one none start event' });
  if ((kind === 'subProcess' || kind === 'transaction') && !implicit && (scope.startEvents.length !== 1 || noneStarts.length !== 1)) {
    issues.push({ elementId: scope.startEvents[1] ?? scope.startEvents[0], rule: 'subprocess-start', message: 'an embedded subprocess needs exactly one none start event' });
  }
  if (kind === 'eventSubProcess' && (scope.startEvents.length !== 1 || noneStarts.length > 0)) {
    issues.push({ elementId: scope.startEvents[0], rule: 'event-subprocess-start', message: 'an event subprocess needs exactly one start event with a trigger' });
  }
  for (const n of nodes) {
    checkEventKind(n, kind, issues);
    checkExpressions(scope, n, issues);
    if (n.type.endsWith('Gateway') && n.outgoing.length === 0) {
      issues.push({ elementId: n.id, rule: 'gateway-no-outgoing', message: 'gateway without outgoing sequence flows' });
    }
    if (n.type === 'parallelGateway') {
      for (const f of n.outgoing) if (scope.flows[f].condition) issues.push({ elementId: f, rule: 'parallel-gateway-condition', message: 'sequence flows leaving a parallel gateway cannot have conditions' });
    }
    if (n.type === 'eventBasedGateway') {
      for (const f of n.outgoing) {
        const t = scope.nodes[scope.flows[f].target];
        const k = t?.eventDefinition?.kind;
        if (!(t?.type === 'receiveTask' || (t?.type === 'intermediateCatchEvent' && (k === 'message' || k === 'timer' || k === 'signal' || k === 'conditional')))) {
          issues.push({ elementId: t?.id ?? f, rule: 'event-gateway-target', message: 'an event-based gateway must lead to message/timer/signal/conditional catch events or receive tasks' });
        }
      }
      if (n.outgoing.length < 2) issues.push({ elementId: n.id, rule: 'event-gateway-target', message: 'an event-based gateway needs at least two outgoing flows' });
    }
    if (n.default && !n.outgoing.includes(n.default)) issues.push({ elementId: n.id, rule: 'default-flow', message: 'default flow is not an outgoing flow of the element' });
    if (n.type === 'subProcess' && n.scope) validateScope(n.scope, n.triggeredByEvent ? 'eventSubProcess' : n.transaction ? 'transaction' : n.adHoc ? 'adHocSubProcess' : 'subProcess', issues);
  }
  checkSubprocessKinds(scope, kind === 'transaction', issues);
  unreachable(scope, issues);
  cyclesWithoutWait(scope, issues);
  checkQuantities(scope, issues);
}

function checkEventKind(n: GraphNode, kind: Kind, issues: CompileIssue[]) {
  const key = n.type === 'startEvent' && kind === 'eventSubProcess' ? 'eventSubStart' : n.type;
  const allowed = CATCH_KINDS[key];
  if (!allowed) return;
  const k = n.eventDefinition?.kind ?? 'none';
  if (!allowed.includes(k)) {
    issues.push({ elementId: n.id, rule: 'unsupported-element', message: `a ${k} event is not allowed as ${key === 'eventSubStart' ? 'event subprocess start' : n.type}` });
  }
  const d = n.eventDefinition;
  if (d?.kind === 'timer') checkTimer(n, d.timer.type, d.timer.value, kind, issues);
  if (n.type === 'boundaryEvent' && d?.kind === 'error' && n.cancelActivity === false) {
    issues.push({ elementId: n.id, rule: 'boundary-invalid', message: 'error boundary events are always interrupting' });
  }
  if (key === 'eventSubStart' && d?.kind === 'error' && n.isInterrupting === false) {
    issues.push({ elementId: n.id, rule: 'event-subprocess-start', message: 'error event subprocesses are always interrupting' });
  }
}

function checkTimer(n: GraphNode, type: string, value: string, kind: Kind, issues: CompileIssue[]) {
  if (value.startsWith('=')) return;
  const bad = (msg: string) => issues.push({ elementId: n.id, rule: 'timer-invalid', message: msg });
  if (type === 'duration' && !/^-?P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/.test(value)) bad(`'${value}' is not an ISO 8601 duration`);
  if (type === 'date' && Number.isNaN(Date.parse(value))) bad(`'${value}' is not an ISO 8601 date-time`);
  if (type === 'cycle') {
    if (!/^R\d*\//.test(value)) bad(`'${value}' is not an ISO 8601 repeating interval (R[n]/[start/]duration); cron cycles are not supported`);
    // BPMN 2.0.2 §13.5.4: an intermediate catch event with a cycle fires once, at the first occurrence
    if (n.type === 'intermediateCatchEvent' && /^R0\//.test(value)) bad(`'${value}' never fires: an intermediate timer catch event would wait forever`);
  }
  void kind;
}

function checkExpressions(scope: ScopeNode, n: GraphNode, issues: CompileIssue[]) {
  const exprs: string[] = [];
  /** expression → the sequence flow carrying it (named in the message; the issue stays on the source element) */
  const onFlow = new Map<string, string>();
  for (const f of n.outgoing) {
    const c = scope.flows[f].condition;
    if (c) { exprs.push(c); onFlow.set(c, f); }
  }
  if (n.script) exprs.push(n.script.expression);
  for (const m of [...(n.inputs ?? []), ...(n.outputs ?? [])]) exprs.push(m.source);
  const mi = n.multiInstance;
  if (mi) for (const e of [mi.inputCollection, mi.outputElement, mi.loopCardinality, mi.completionCondition]) if (e) exprs.push(e);
  for (const c of mi?.complexBehavior ?? []) exprs.push(c.condition);
  if (n.loop?.condition) exprs.push(n.loop.condition);
  if (n.adHoc?.completionCondition) exprs.push(n.adHoc.completionCondition);
  if (n.eventDefinition?.kind === 'conditional') exprs.push(n.eventDefinition.condition);
  // parsed only, never evaluated: an expression could be arbitrarily expensive to run
  for (const e of exprs) {
    let bad: string | undefined;
    try {
      parseExpression(e, {}, undefined).iterate({
        enter(node) {
          if (node.type.isError && bad === undefined) bad = `syntax error at position ${node.from}`;
        },
      });
    } catch (err) {
      bad = (err as Error).message;
    }
    if (bad !== undefined) {
      const hint = hintFor(e);
      issues.push({ elementId: n.id, rule: 'invalid-expression', message: `invalid FEEL expression '${e}'${onFlow.has(e) ? ` on sequence flow '${onFlow.get(e)}'` : ''}: ${bad}${hint ? ` — ${hint}` : ''}` });
      continue;
    }
    const foreign = foreignConstructs(e);
    if (foreign) issues.push({ elementId: n.id, rule: 'feel-dialect', message: `${onFlow.has(e) ? `sequence flow '${onFlow.get(e)}': ` : ''}${foreign}` });
  }
}

/** successors of a node inside one scope: flows, boundary events, link jumps, compensation handlers */
export function successors(scope: ScopeNode, n: GraphNode): string[] {
  const out = n.outgoing.map((f) => scope.flows[f].target);
  if (n.boundaryEvents) out.push(...n.boundaryEvents);
  if (n.linkTarget) out.push(n.linkTarget);
  if (n.compensationHandler) out.push(n.compensationHandler);
  return out;
}

function unreachable(scope: ScopeNode, issues: CompileIssue[]) {
  const seen = new Set<string>([...scope.startEvents, ...(scope.eventSubprocesses ?? []), ...(scope.implicitStarts ?? [])]);
  const queue = [...seen];
  while (queue.length) {
    const n = scope.nodes[queue.pop()!];
    if (!n) continue;
    for (const s of successors(scope, n)) if (!seen.has(s)) { seen.add(s); queue.push(s); }
  }
  for (const id of Object.keys(scope.nodes)) if (!seen.has(id)) issues.push({ elementId: id, rule: 'unreachable-node', message: 'element cannot be reached from a start event' });
}

function isWait(n: GraphNode): boolean {
  if (WAIT_TYPES.has(n.type)) return true;
  if (n.type === 'scriptTask' && n.taskType) return true;
  if (n.type === 'intermediateCatchEvent' && n.eventDefinition?.kind !== 'link') return true;
  if ((n.type === 'intermediateThrowEvent' || n.type === 'endEvent') && n.eventDefinition?.kind === 'message') return true;
  if (n.type === 'subProcess' && n.scope) return Object.values(n.scope.nodes).some(isWait);
  return false;
}

/**
 * Tarjan's SCC over the nodes that never wait: a cycle there would spin forever.
 * Iterative (an explicit stack), so a 20,000-node chain cannot overflow the call stack.
 */
function cyclesWithoutWait(scope: ScopeNode, issues: CompileIssue[]) {
  const ids = Object.keys(scope.nodes).filter((id) => !isWait(scope.nodes[id]));
  const inSet = new Set(ids);
  const succ = new Map<string, string[]>();
  for (const id of ids) {
    const n = scope.nodes[id];
    const s = n.outgoing.map((f) => scope.flows[f].target);
    if (n.linkTarget) s.push(n.linkTarget);
    succ.set(id, s.filter((x) => inSet.has(x)));
  }
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  for (const root of ids) {
    if (idx.has(root)) continue;
    const work: Array<{ v: string; i: number }> = [{ v: root, i: 0 }];
    idx.set(root, index); low.set(root, index); index++; stack.push(root); on.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const next = succ.get(frame.v)!;
      if (frame.i < next.length) {
        const w = next[frame.i++];
        if (!idx.has(w)) {
          idx.set(w, index); low.set(w, index); index++; stack.push(w); on.add(w);
          work.push({ v: w, i: 0 });
        } else if (on.has(w)) low.set(frame.v, Math.min(low.get(frame.v)!, idx.get(w)!));
        continue;
      }
      work.pop();
      const v = frame.v;
      if (work.length) { const p = work[work.length - 1].v; low.set(p, Math.min(low.get(p)!, low.get(v)!)); }
      if (low.get(v) !== idx.get(v)) continue;
      const comp: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || succ.get(v)!.includes(v)) {
        comp.sort();
        issues.push({ elementId: comp[0], rule: 'cycle-no-wait-state', message: `cycle without a wait state: ${comp.join(', ')}` });
      }
    }
  }
}

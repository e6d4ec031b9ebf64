/** Task-level attributes from tthc:, zeebe: and camunda: (whichever the file carries). */
import type { GraphNode, IoMapping, MultiInstanceSpec, StandardLoopSpec } from '@tthc/contracts';
import type { CompileIssue } from './compile-error';
import { multiInstanceBehavior } from './mi-behavior';
import { CAMUNDA_NS, El, ZEEBE_NS, csv, extAttr, extElement, extElements, juelToFeel, prop, stripEq } from './extensions';

const JOB_TASKS = new Set(['serviceTask', 'sendTask', 'businessRuleTask']);

/** Camunda 7 attribute value: a JUEL `\${…}` expression becomes a FEEL one ('=…') */
function c7(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^\s*[$#]\{[\s\S]*\}\s*$/.test(value) ? '=' + juelToFeel(value) : value;
}

export function ioMappings(el: El): { inputs?: IoMapping[]; outputs?: IoMapping[] } {
  const io = extElement(el, ZEEBE_NS, 'ioMapping');
  if (!io) return {};
  const read = (kind: string) =>
    extElements(io, ZEEBE_NS, kind)
      .map((m: El) => ({ source: stripEq(prop(m, 'source') ?? 'null') || 'null', target: prop(m, 'target') ?? '' }))
      .filter((m: IoMapping) => m.target);
  const inputs = read('input');
  const outputs = read('output');
  return { ...(inputs.length ? { inputs } : {}), ...(outputs.length ? { outputs } : {}) };
}

/** job worker type: zeebe:taskDefinition type, tthc:taskType, camunda:topic/type */
export function jobType(el: El): { taskType?: string; retries?: number } {
  const def = extElement(el, ZEEBE_NS, 'taskDefinition');
  const zType = prop(def, 'type');
  const zRetries = prop(def, 'retries');
  const taskType = zType ?? el.taskType ?? extAttr(el, CAMUNDA_NS, 'topic') ?? extAttr(el, CAMUNDA_NS, 'type');
  const r = zRetries !== undefined ? Number(zRetries) : el.retries;
  return { ...(taskType ? { taskType: taskType.trim() } : {}), ...(Number.isFinite(r) ? { retries: Number(r) } : {}) };
}

const EXECUTIONS = ['local', 'activity'] as const;

/** tthc:execution on a job task: where its handler runs (local activity / durable activity); absent = the registry's flag */
function execution(el: El, issues: CompileIssue[]): { execution?: 'local' | 'activity' } {
  const value = typeof el.execution === 'string' ? el.execution.trim() : undefined;
  if (value === undefined || value === '') return {};
  if ((EXECUTIONS as readonly string[]).includes(value)) return { execution: value as 'local' | 'activity' };
  issues.push({ elementId: el.id, rule: 'execution-invalid', message: `tthc:execution="${value}" is not one of ${EXECUTIONS.join(', ')}` });
  return {};
}

function headers(el: El): Record<string, string> | undefined {
  const th = extElement(el, ZEEBE_NS, 'taskHeaders');
  if (!th) return undefined;
  const out: Record<string, string> = {};
  for (const h of extElements(th, ZEEBE_NS, 'header')) {
    const k = prop(h, 'key');
    if (k) out[k] = prop(h, 'value') ?? '';
  }
  return Object.keys(out).length ? out : undefined;
}

export function taskAttributes(el: El, type: string, issues: CompileIssue[]): Partial<GraphNode> {
  const out: Partial<GraphNode> = { ...ioMappings(el) };
  const job = jobType(el);
  const hdr = headers(el);
  if (hdr) out.headers = hdr;
  if (JOB_TASKS.has(type)) {
    if (type === 'businessRuleTask' && !job.taskType) {
      issues.push({ elementId: el.id, rule: 'unsupported-element', message: 'business rule tasks need a job worker type (DMN decisions are not supported)' });
    }
    Object.assign(out, { taskType: job.taskType ?? 'noop', ...(job.retries !== undefined ? { retries: job.retries } : {}) });
  }
  if (type === 'scriptTask') {
    const zs = extElement(el, ZEEBE_NS, 'script');
    const resultVariable = prop(zs, 'resultVariable') ?? el.resultVariable ?? extAttr(el, CAMUNDA_NS, 'resultVariable');
    const zExpr = prop(zs, 'expression');
    if (zExpr) out.script = { expression: stripEq(zExpr), ...(resultVariable ? { resultVariable } : {}) };
    else if (job.taskType) Object.assign(out, { taskType: job.taskType, ...(job.retries !== undefined ? { retries: job.retries } : {}) });
    else {
      const format = String(el.scriptFormat ?? 'feel').toLowerCase();
      const body = String(el.script ?? '').trim();
      if (format !== 'feel' && format !== 'text/feel' && format !== 'application/feel') {
        issues.push({ elementId: el.id, rule: 'unsupported-element', message: `script format '${el.scriptFormat}' is not supported (use FEEL)` });
      } else if (!body) {
        issues.push({ elementId: el.id, rule: 'script-missing', message: 'script task without a FEEL expression' });
      } else out.script = { expression: stripEq(body), ...(resultVariable ? { resultVariable } : {}) };
    }
  }
  if (out.taskType !== undefined) Object.assign(out, execution(el, issues));
  if (type === 'userTask') {
    const ad = extElement(el, ZEEBE_NS, 'assignmentDefinition');
    const assignee = el.assignee ?? prop(ad, 'assignee') ?? c7(extAttr(el, CAMUNDA_NS, 'assignee'));
    const groups = el.candidateGroups ?? prop(ad, 'candidateGroups') ?? c7(extAttr(el, CAMUNDA_NS, 'candidateGroups'));
    const fd = extElement(el, ZEEBE_NS, 'formDefinition');
    const formKey = el.formKey ?? prop(fd, 'formKey') ?? prop(fd, 'formId') ?? prop(fd, 'externalReference') ?? extAttr(el, CAMUNDA_NS, 'formKey');
    const schedule = extElement(el, ZEEBE_NS, 'taskSchedule');
    const dueDate = prop(schedule, 'dueDate') ?? c7(extAttr(el, CAMUNDA_NS, 'dueDate'));
    if (assignee) out.assignee = assignee.trim();
    if (groups) out.candidateGroups = groups.trim().startsWith('=') ? [groups.trim()] : csv(groups);
    if (formKey) out.formKey = formKey;
    if (el.due) Object.assign(out, { due: el.due, dueCalendar: 'working' });
    else if (dueDate) Object.assign(out, { due: dueDate, dueCalendar: 'absolute' });
  }
  if (type === 'callActivity') {
    const ce = extElement(el, ZEEBE_NS, 'calledElement');
    const key = prop(ce, 'processId') ?? el.calledElement;
    if (!key) issues.push({ elementId: el.id, rule: 'call-activity-target', message: 'call activity without a called process (calledElement / zeebe:calledElement processId)' });
    else
      out.calledElement = {
        processKey: key,
        propagateAllChildVariables: prop(ce, 'propagateAllChildVariables') !== 'false',
        propagateAllParentVariables: prop(ce, 'propagateAllParentVariables') !== 'false',
      };
  }
  const lc = el.loopCharacteristics;
  if (lc?.$type === 'bpmn:MultiInstanceLoopCharacteristics') out.multiInstance = { ...multiInstance(el, lc), ...multiInstanceBehavior(el, lc, issues) };
  else if (lc?.$type === 'bpmn:StandardLoopCharacteristics') out.loop = standardLoop(lc);
  return out;
}

function multiInstance(el: El, lc: El): MultiInstanceSpec {
  const z = extElement(lc, ZEEBE_NS, 'loopCharacteristics');
  const c7coll = extAttr(lc, CAMUNDA_NS, 'collection');
  const c7elem = extAttr(lc, CAMUNDA_NS, 'elementVariable');
  const spec: MultiInstanceSpec = { sequential: lc.isSequential === true };
  const coll = prop(z, 'inputCollection') ?? c7coll;
  if (coll) spec.inputCollection = juelToFeel(coll);
  const ie = prop(z, 'inputElement') ?? c7elem;
  if (ie) spec.inputElement = ie;
  const oc = prop(z, 'outputCollection');
  if (oc) spec.outputCollection = oc;
  const oe = prop(z, 'outputElement');
  if (oe) spec.outputElement = stripEq(oe);
  if (lc.loopCardinality?.body) spec.loopCardinality = juelToFeel(lc.loopCardinality.body);
  if (lc.completionCondition?.body) spec.completionCondition = juelToFeel(lc.completionCondition.body);
  void el;
  return spec;
}

function standardLoop(lc: El): StandardLoopSpec {
  return {
    testBefore: lc.testBefore === true,
    ...(lc.loopCondition?.body ? { condition: juelToFeel(lc.loopCondition.body) } : {}),
    ...(lc.loopMaximum !== undefined ? { maximum: Number(lc.loopMaximum) } : {}),
  };
}

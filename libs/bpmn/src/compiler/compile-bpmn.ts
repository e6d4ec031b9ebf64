/**
 * BPMN 2.0 XML → executable graphs (one per executable process), with deploy-time
 * validation. Parsing is bpmn-moddle (namespace-aware, so any prefix works); the
 * tthc descriptor gives typed tthc:* attributes, vendor attributes are read generically.
 */
import type { ExecutableGraph } from '@tthc/contracts';
import { BpmnModdle } from 'bpmn-moddle';
import tthcDescriptor from '../moddle/tthc.json';
import { BpmnCompileError, CompileIssue } from './compile-error';
import { messageOf } from './event-definitions';
import type { El } from './extensions';
import { buildScope } from './scope-builder';
import { validateScope } from './validate-scope';
import { guardXml } from './xml-guard';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

export interface CompiledProcess {
  key: string;
  name?: string;
  graph: ExecutableGraph;
}
export interface CompileResult {
  processes: CompiledProcess[];
  warnings: CompileIssue[];
}

export async function compileBpmn(xml: string): Promise<CompileResult> {
  guardXml(xml);
  const moddle = new (BpmnModdle as any)({ tthc: tthcDescriptor });
  let parsed: El;
  try {
    parsed = await moddle.fromXML(xml, 'bpmn:Definitions');
  } catch (err) {
    throw new BpmnCompileError([{ rule: 'xml-malformed', message: `malformed BPMN XML: ${(err as Error).message}` }]);
  }
  const defs = parsed.rootElement;
  if (!defs || defs.$type !== 'bpmn:Definitions') {
    throw new BpmnCompileError([{ rule: 'xml-malformed', message: 'the document is not a BPMN 2.0 definitions element' }]);
  }
  const warnings: CompileIssue[] = (parsed.warnings ?? [])
    .filter((w: Error) => !/unknown attribute|unparsable content|unresolved reference/i.test(w.message))
    .slice(0, 50)
    .map((w: Error) => ({ rule: 'xml-warning', message: w.message }));
  const unresolved = (parsed.warnings ?? []).filter((w: Error) => /unresolved reference/i.test(w.message));
  const issues: CompileIssue[] = unresolved.map((w: Error) => ({ rule: 'missing-ref', message: w.message }));
  // moddle drops elements it cannot place; one of the BPMN namespace (typo, unsupported
  // type, duplicate id, wrong nesting) must never disappear silently — foreign ones may
  const xmlns: Record<string, string> = {};
  for (const [k, v] of Object.entries(defs.$attrs ?? {})) if (k === 'xmlns' || k.startsWith('xmlns:')) xmlns[k === 'xmlns' ? '' : k.slice(6)] = String(v);
  for (const w of parsed.warnings ?? []) {
    const text = String(w.message);
    const m = /^unparsable content <([^>\s/]+)/.exec(text);
    if (!m) continue;
    const prefix = m[1].includes(':') ? m[1].split(':')[0] : '';
    const where = text.split('\n').slice(1, 3).map((l) => l.trim()).join(', ');
    const dup = /duplicate ID <([^>]+)>/.exec(text);
    const unknown = /unknown type <bpmn:([^>]+)>/.exec(text);
    if (dup) issues.push({ elementId: dup[1], rule: 'duplicate-id', message: `the id '${dup[1]}' is used by more than one element` });
    else if (unknown) issues.push({ rule: 'unsupported-element', message: `unknown BPMN element ${unknown[1]} (${where})` });
    else if (xmlns[prefix] === BPMN_NS) issues.push({ rule: 'xml-invalid', message: `element <${m[1]}> is not allowed where it is (${where})` });
  }

  const roots: El[] = defs.rootElements ?? [];
  const all = roots.filter((r) => r.$type === 'bpmn:Process');
  const chosen = executableProcesses(all, warnings);
  if (chosen.length === 0) issues.push({ rule: 'no-executable-process', message: 'the file has no process with flow elements to run' });
  for (const r of roots) {
    if (/Choreography|GlobalConversation/.test(r.$type)) issues.push({ elementId: r.id, rule: 'unsupported-element', message: `${r.$type.replace('bpmn:', '')} is not supported` });
  }

  const shared = sharedDefinitions(roots);
  const processes: CompiledProcess[] = [];
  for (const p of chosen) {
    duplicateIds(p, issues);
    const root = buildScope(p, issues, warnings);
    validateScope(root, 'process', issues);
    const graph: ExecutableGraph = { format: 1, processKey: p.id, root, ...shared };
    if (p.name) graph.name = p.name;
    const tthc = { procedureCode: p.procedureCode, statutoryDays: p.statutoryDays, agency: p.agency, cutoff: p.cutoff };
    if (tthc.procedureCode || tthc.statutoryDays !== undefined || tthc.agency || tthc.cutoff) {
      graph.tthc = Object.fromEntries(Object.entries(tthc).filter(([, v]) => v !== undefined)) as ExecutableGraph['tthc'];
    }
    processes.push({ key: p.id, ...(p.name ? { name: p.name } : {}), graph: JSON.parse(JSON.stringify(graph)) });
  }
  if (issues.length) throw new BpmnCompileError(dedupe(issues));
  return { processes, warnings };
}

/**
 * Which processes of the file run. `isExecutable="true"` ones when there are any; else
 * those without the attribute; else (every process says "false" — bpmn.io's default for
 * a new diagram, and what Signavio/Bizagi export) every process that has flow elements,
 * with a warning: a diagram drawn in any modeler must deploy. Empty pools (black-box
 * participants of a collaboration) never run.
 */
function executableProcesses(all: El[], warnings: CompileIssue[]): El[] {
  const explicit = all.filter((p) => p.isExecutable === true);
  if (explicit.length) return explicit;
  const unmarked = all.filter((p) => p.isExecutable === undefined && p.flowElements?.length);
  if (unmarked.length) return unmarked;
  const drawn = all.filter((p) => p.flowElements?.length);
  for (const p of drawn) {
    warnings.push({ elementId: p.id, rule: 'process-not-executable', message: `process '${p.id}' is marked isExecutable="false"; it is deployed and run anyway (no process of the file is marked executable)` });
  }
  return drawn;
}

function sharedDefinitions(roots: El[]): Pick<ExecutableGraph, 'messages' | 'signals' | 'errors' | 'escalations'> {
  const out: Pick<ExecutableGraph, 'messages' | 'signals' | 'errors' | 'escalations'> = {};
  for (const r of roots) {
    if (r.$type === 'bpmn:Message') {
      const m = messageOf(r);
      if (m) (out.messages ??= {})[r.id] = m;
    } else if (r.$type === 'bpmn:Signal' && r.name) (out.signals ??= {})[r.id] = { name: r.name };
    else if (r.$type === 'bpmn:Error') (out.errors ??= {})[r.id] = { ...(r.name ? { name: r.name } : {}), ...(r.errorCode ? { errorCode: r.errorCode } : {}) };
    else if (r.$type === 'bpmn:Escalation') (out.escalations ??= {})[r.id] = { ...(r.name ? { name: r.name } : {}), ...(r.escalationCode ? { escalationCode: r.escalationCode } : {}) };
  }
  return out;
}

/** ids must be unique across the whole process (the engine indexes nodes by id) */
function duplicateIds(process: El, issues: CompileIssue[]) {
  const seen = new Set<string>([process.id]);
  const walk = (container: El) => {
    for (const el of container.flowElements ?? []) {
      if (el.id && seen.has(el.id)) issues.push({ elementId: el.id, rule: 'duplicate-id', message: `the id '${el.id}' is used by more than one element` });
      if (el.id) seen.add(el.id);
      if (el.flowElements) walk(el);
    }
  };
  walk(process);
}

function dedupe(issues: CompileIssue[]): CompileIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.elementId}|${i.rule}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

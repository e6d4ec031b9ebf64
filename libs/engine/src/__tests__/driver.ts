/**
 * Test driver for the pure engine: compiles a BPMN fixture, starts the engine with a
 * deterministic clock and id source, keeps track of open jobs / user tasks / timers /
 * child processes, and can auto-complete them so traces are easy to assert.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests compile real BPMN fixtures with the real compiler
import { compileBpmn } from '@tthc/bpmn';
import type { ElementRecord, ExecutableGraph } from '@tthc/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineCommand, EngineEvent, EngineOptions } from '../api';
import { ProcessEngine, StartOptions } from '../engine';

type Cmd<K extends EngineCommand['kind']> = Extract<EngineCommand, { kind: K }>;

export function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}

export async function graphOf(xml: string, key?: string): Promise<ExecutableGraph> {
  const r = await compileBpmn(xml);
  const p = key ? r.processes.find((x) => x.key === key) : r.processes[0];
  if (!p) throw new Error(`no process ${key}`);
  return p.graph;
}

export class Driver {
  engine!: ProcessEngine;
  readonly commands: EngineCommand[] = [];
  readonly records: ElementRecord[] = [];
  jobs = new Map<string, Cmd<'startJob'>>();
  tasks = new Map<string, Cmd<'openUserTask'>>();
  timers = new Map<string, Cmd<'startTimer'>>();
  children = new Map<string, Cmd<'startChild'>>();
  incidents = new Map<string, Cmd<'incidentRaised'>>();
  signals: Cmd<'broadcastSignal'>[] = [];
  ended?: Cmd<'ended'>;
  private n = 0;
  private clock = Date.parse('2024-01-01T00:00:00Z');
  options: EngineOptions = { now: () => new Date(this.clock).toISOString(), newId: () => `id${++this.n}`, instanceId: 'pi-1' };
  escalations: Cmd<'escalateToParent'>[] = [];

  /** `engine`: extra EngineOptions (strictConditions, escalateToParent) */
  static async start(xmlOrGraph: string | ExecutableGraph, variables: Record<string, unknown> = {}, start?: StartOptions, engine: Partial<EngineOptions> = {}): Promise<Driver> {
    const graph = typeof xmlOrGraph === 'string' ? await graphOf(xmlOrGraph.trim().replace(/^\uFEFF/, '').startsWith('<') ? xmlOrGraph : fixture(xmlOrGraph)) : xmlOrGraph;
    const d = new Driver();
    d.options = { ...d.options, ...engine };
    const r = ProcessEngine.start(graph, variables, d.options, start);
    d.engine = r.engine;
    d.take(r.commands);
    return d;
  }

  send(event: EngineEvent): EngineCommand[] {
    if (event.kind === 'jobBpmnError' || event.kind === 'jobFailed' || event.kind === 'jobCompleted') this.jobs.delete(event.jobId);
    if (event.kind === 'userTaskCompleted') this.tasks.delete(event.taskId);
    if (event.kind === 'timerFired') this.timers.delete(event.timerId);
    if (event.kind === 'childCompleted' || event.kind === 'childFailed') this.children.delete(event.childId);
    const cmds = this.engine.handle(event);
    this.take(cmds);
    return cmds;
  }

  private take(cmds: EngineCommand[]) {
    this.commands.push(...cmds);
    this.records.push(...this.engine.drainRecords());
    for (const c of cmds) {
      if (c.kind === 'startJob') this.jobs.set(c.jobId, c);
      else if (c.kind === 'cancelJob') this.jobs.delete(c.jobId);
      else if (c.kind === 'openUserTask') this.tasks.set(c.taskId, c);
      else if (c.kind === 'cancelUserTask') this.tasks.delete(c.taskId);
      else if (c.kind === 'startTimer') this.timers.set(c.timerId, c);
      else if (c.kind === 'cancelTimer') this.timers.delete(c.timerId);
      else if (c.kind === 'startChild') this.children.set(c.childId, c);
      else if (c.kind === 'cancelChild') this.children.delete(c.childId);
      else if (c.kind === 'incidentRaised') this.incidents.set(c.incidentId, c);
      else if (c.kind === 'incidentResolved') this.incidents.delete(c.incidentId);
      else if (c.kind === 'broadcastSignal') this.signals.push(c);
      else if (c.kind === 'escalateToParent') this.escalations.push(c);
      else if (c.kind === 'ended') this.ended = c;
    }
  }

  job(elementId: string): Cmd<'startJob'> {
    const j = [...this.jobs.values()].find((x) => x.elementId === elementId);
    if (!j) throw new Error(`no open job for ${elementId}; open: ${[...this.jobs.values()].map((x) => x.elementId)}`);
    return j;
  }
  task(elementId: string): Cmd<'openUserTask'> {
    const t = [...this.tasks.values()].find((x) => x.elementId === elementId);
    if (!t) throw new Error(`no open task for ${elementId}; open: ${[...this.tasks.values()].map((x) => x.elementId)}`);
    return t;
  }
  timer(elementId: string): Cmd<'startTimer'> {
    const t = [...this.timers.values()].find((x) => x.elementId === elementId);
    if (!t) throw new Error(`no timer for ${elementId}; open: ${[...this.timers.values()].map((x) => x.elementId)}`);
    return t;
  }

  completeJob(elementId: string, variables?: Record<string, unknown>) {
    const j = this.job(elementId);
    this.jobs.delete(j.jobId);
    return this.send({ kind: 'jobCompleted', jobId: j.jobId, variables });
  }
  completeTask(elementId: string, variables?: Record<string, unknown>, by?: string) {
    const t = this.task(elementId);
    this.tasks.delete(t.taskId);
    return this.send({ kind: 'userTaskCompleted', taskId: t.taskId, variables, by });
  }
  fireTimer(elementId: string) {
    const t = this.timer(elementId);
    this.timers.delete(t.timerId);
    this.clock += 60_000;
    return this.send({ kind: 'timerFired', timerId: t.timerId });
  }
  message(name: string, correlationKey?: string, variables?: Record<string, unknown>) {
    return this.send({ kind: 'messageReceived', name, correlationKey, variables });
  }
  signal(name: string, variables?: Record<string, unknown>) {
    return this.send({ kind: 'signalReceived', name, variables });
  }

  /** completes every open job and user task (repeatedly) until none is left or the limit is hit */
  autoComplete(limit = 1000, vars: (elementId: string, loop: number) => Record<string, unknown> | undefined = () => undefined): void {
    for (let i = 0; i < limit && !this.engine.ended; i++) {
      const j = this.jobs.values().next().value as Cmd<'startJob'> | undefined;
      if (j) {
        this.jobs.delete(j.jobId);
        this.send({ kind: 'jobCompleted', jobId: j.jobId, variables: vars(j.elementId, i) });
        continue;
      }
      const t = this.tasks.values().next().value as Cmd<'openUserTask'> | undefined;
      if (t) {
        this.tasks.delete(t.taskId);
        this.send({ kind: 'userTaskCompleted', taskId: t.taskId, variables: vars(t.elementId, i) });
        continue;
      }
      break;
    }
  }

  /** element id → how many instances completed */
  completed(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.records) if (r.state === 'COMPLETED' && r.elementType !== 'process' && r.elementType !== 'multiInstanceBody') out[r.elementId] = (out[r.elementId] ?? 0) + 1;
    return out;
  }
  /** completed element ids in order */
  trace(): string[] {
    return this.records.filter((r) => r.state === 'COMPLETED' && r.elementType !== 'process' && r.elementType !== 'multiInstanceBody').map((r) => r.elementId);
  }
  terminated(): string[] {
    return this.records.filter((r) => r.state === 'TERMINATED').map((r) => r.elementId);
  }
  get vars() {
    return this.engine.view().variables;
  }
}

/** minimal BPMN wrapper for inline test processes */
export function bpmn(body: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  ${extra}
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
}

/** sequence flow shorthand */
export const flow = (id: string, from: string, to: string, cond?: string) =>
  cond
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${cond.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</bpmn:conditionExpression></bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

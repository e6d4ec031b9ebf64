/**
 * The engine's conformance fixtures (libs/engine/src/__tests__/fixtures) through the real
 * Temporal dev server: differential against the pure engine. For every fixture the pure
 * interpreter (with the options of a new workflow run) and the product — compiler,
 * runProcess adapter, activities, database — run in lockstep: every job completes, then
 * both must rest in the same state (active elements), then the same user task completes
 * in both. At the end both completed the same elements the same number of times, or wait
 * in the same state (for a message, signal, timer…). Fixtures with a call activity are
 * left to the explicit tests (run-process.workflow.spec.ts).
 */
import { CANCEL_SIGNAL, COMPLETE_TASK_UPDATE, GET_STATE_QUERY, type ProcessStateView } from '@tthc/contracts';
import { isDeepStrictEqual } from 'node:util';
import { ElementHistoryEntity } from '@tthc/persistence';
import { compileBpmn } from '@tthc/bpmn';
import { ProcessEngine, type EngineCommand, type EngineEvent } from '@tthc/engine';
import type { ExecutableGraph } from '@tthc/contracts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noopHandler } from '../activities/service-tasks/basic-handlers';
import type { ServiceTaskRegistry } from '../activities';
import { ProcessHarness } from '../testing/process-harness';

jest.setTimeout(300_000);

const fixturesDir = join(__dirname, '..', '..', '..', '..', 'libs', 'engine', 'src', '__tests__', 'fixtures');
const files = readdirSync(fixturesDir).filter((f) => f.endsWith('.bpmn')).sort();
/** the oracle does not run child processes: fixtures with a call activity have explicit tests (run-process.workflow.spec.ts) */
const withCallActivity = files.filter((f) => /<(\w+:)?callActivity\b/.test(readFileSync(join(fixturesDir, f), 'utf8')));
const lockstep = files.filter((f) => !withCallActivity.includes(f));

/** every job type completes with no variables, like the driver's autoComplete */
const completeEveryJob: ServiceTaskRegistry = new Proxy({}, { get: () => noopHandler });

let h: ProcessHarness;
beforeAll(async () => {
  h = await ProcessHarness.create({ serviceTasks: completeEveryJob });
}, 900_000); // may wait for another test file's turn on the dev server port
afterAll(async () => {
  await h?.close();
});

/**
 * The pure engine with the options a new workflow run gets (strict C8 conditions): jobs
 * complete at once (like the worker's registry here), user tasks when the test says.
 */
class Oracle {
  private n = 0;
  private clock = Date.parse('2026-01-05T01:00:00Z');
  readonly engine: ProcessEngine;
  readonly jobs = new Map<string, string>();
  readonly tasks = new Map<string, string>();
  children = 0;
  ended?: Extract<EngineCommand, { kind: 'ended' }>;
  readonly records: Array<{ elementId: string; elementType: string; state: string }> = [];

  constructor(graph: ExecutableGraph) {
    const options = { now: () => new Date(this.clock).toISOString(), newId: () => `id${++this.n}`, instanceId: 'oracle', strictConditions: true, limits: true, activityDefaultFlow: true, throwStarts: true, activityQuantities: true, loopValueIncidents: true };
    const { engine, commands } = ProcessEngine.start(graph, {}, options);
    this.engine = engine;
    this.take(commands);
    this.settleJobs();
  }

  private take(cmds: EngineCommand[]) {
    this.records.push(...this.engine.drainRecords());
    for (const c of cmds) {
      if (c.kind === 'startJob') this.jobs.set(c.jobId, c.elementId);
      else if (c.kind === 'cancelJob') this.jobs.delete(c.jobId);
      else if (c.kind === 'openUserTask') this.tasks.set(c.taskId, c.elementId);
      else if (c.kind === 'cancelUserTask') this.tasks.delete(c.taskId);
      else if (c.kind === 'startChild') this.children++;
      else if (c.kind === 'ended') this.ended = c;
    }
  }

  private send(e: EngineEvent) {
    this.clock += 1000;
    this.take(this.engine.handle(e));
  }

  settleJobs() {
    for (let i = 0; i < 1000 && this.jobs.size > 0 && !this.ended; i++) {
      const jobId = this.jobs.keys().next().value as string;
      this.jobs.delete(jobId);
      this.send({ kind: 'jobCompleted', jobId });
    }
  }

  completeTaskOf(elementId: string) {
    const taskId = [...this.tasks].find(([, el]) => el === elementId)![0];
    this.tasks.delete(taskId);
    this.send({ kind: 'userTaskCompleted', taskId });
    this.settleJobs();
  }

  completed(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.records) if (r.state === 'COMPLETED' && r.elementType !== 'process' && r.elementType !== 'multiInstanceBody') out[r.elementId] = (out[r.elementId] ?? 0) + 1;
    return out;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function completedOnServer(instanceId: string): Promise<Record<string, number>> {
  const rows = await h.ds.getRepository(ElementHistoryEntity).findBy({ instanceId, state: 'COMPLETED' });
  const out: Record<string, number> = {};
  for (const r of rows) if (r.elementType !== 'process' && r.elementType !== 'multiInstanceBody') out[r.elementId] = (out[r.elementId] ?? 0) + 1;
  return out;
}

const counted = { completed: [] as string[], waiting: [] as string[] };

it('finds the engine fixtures; only the call-activity one is left to explicit tests', () => {
  expect(lockstep.length).toBeGreaterThan(10);
  expect(withCallActivity).toEqual(['call-activity.bpmn']);
});

describe.each(lockstep)('%s', (file) => {
  it('behaves on the real server as in the pure engine', async () => {
    const xml = readFileSync(join(fixturesDir, file), 'utf8');
    const graph = (await compileBpmn(xml)).processes[0].graph;
    const oracle = new Oracle(graph);
    expect(oracle.children).toBe(0);
    const defs = await h.deploy(xml);
    const run = await h.start(Object.values(defs)[0]);
    const state = () => run.handle.query<ProcessStateView>(GET_STATE_QUERY);
    // lockstep: both at rest in the same state, then the same user task completes in both
    for (let step = 0; step < 200 && !oracle.ended && oracle.tasks.size > 0; step++) {
      const expected = oracle.engine.view().activeElements;
      let last: Record<string, number> = {};
      await until(`server in the state ${JSON.stringify(expected)} (last ${JSON.stringify(last)})`, async () => {
        last = (await state()).activeElements;
        return isDeepStrictEqual(last, expected) || undefined;
      }).catch(() => expect(last).toEqual(expected));
      const elementId = [...oracle.tasks.values()].sort()[0];
      const task = await h.openTask(run.instanceId, elementId);
      const answer = await run.handle.executeUpdate(COMPLETE_TASK_UPDATE, { args: [{ taskId: task.id, variables: {}, by: 'conformance' }] });
      expect(answer).toMatchObject({ completed: true });
      oracle.completeTaskOf(elementId);
    }
    if (oracle.ended?.state === 'COMPLETED') {
      counted.completed.push(file);
      expect((await run.result()).state).toBe('COMPLETED');
      expect(await completedOnServer(run.instanceId)).toEqual(oracle.completed());
    } else {
      counted.waiting.push(file);
      const expected = oracle.engine.view().activeElements;
      let last: Record<string, number> = {};
      await until('the same wait state', async () => {
        last = (await state()).activeElements;
        return isDeepStrictEqual(last, expected) || undefined;
      }).catch(() => expect(last).toEqual(expected));
      await run.handle.signal(CANCEL_SIGNAL);
      expect((await run.result()).state).toBe('CANCELED');
    }
  });
});

afterAll(() => {
  console.log(`[engine fixtures] completed: ${counted.completed.length}, same wait state: ${counted.waiting.length}, left to explicit tests: ${withCallActivity.join(', ')}`);
});

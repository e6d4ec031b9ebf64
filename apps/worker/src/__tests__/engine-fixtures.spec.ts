/**
 * The engine's conformance fixtures (libs/engine/src/__tests__/fixtures) through the real
 * Temporal dev server: differential against the pure engine. For every fixture the pure
 * interpreter completes by itself when each job and user task is completed (the engine
 * test driver's autoComplete), the product — compiler, runProcess adapter, activities,
 * database — must complete exactly the same elements the same number of times.
 * Fixtures that then still wait (for a message, signal, timer…) must reach the same wait
 * state: the same active elements in the `getState` query. Only fixtures whose pure run
 * waits for a child process are left to the explicit tests (run-process.workflow.spec.ts).
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- the engine's own driver is the oracle
import { Driver } from '../../../../libs/engine/src/__tests__/driver';
import { CANCEL_SIGNAL, COMPLETE_TASK_UPDATE, GET_STATE_QUERY, type ProcessStateView } from '@tthc/contracts';
import { isDeepStrictEqual } from 'node:util';
import { ElementHistoryEntity, TaskEntity } from '@tthc/persistence';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noopHandler } from '../activities/service-tasks/basic-handlers';
import type { ServiceTaskRegistry } from '../activities';
import { ProcessHarness } from '../testing/process-harness';

jest.setTimeout(300_000);

const fixturesDir = join(__dirname, '..', '..', '..', '..', 'libs', 'engine', 'src', '__tests__', 'fixtures');
const files = readdirSync(fixturesDir).filter((f) => f.endsWith('.bpmn')).sort();

/** every job type completes with no variables, like the driver's autoComplete */
const completeEveryJob: ServiceTaskRegistry = new Proxy({}, { get: () => noopHandler });

let h: ProcessHarness;
beforeAll(async () => {
  h = await ProcessHarness.create({ serviceTasks: completeEveryJob });
}, 900_000); // may wait for another test file's turn on the dev server port
afterAll(async () => {
  await h?.close();
});

type Oracle = { ended: true; completed: Record<string, number> } | { ended: false; active: Record<string, number> } | undefined;

async function oracle(xml: string): Promise<Oracle> {
  const d = await Driver.start(xml);
  d.autoComplete();
  if (d.ended?.state === 'COMPLETED') return { ended: true, completed: d.completed() };
  if (d.ended || d.children.size > 0) return undefined;
  return { ended: false, active: d.engine.view().activeElements };
}

/** completes every user task of the instance as it appears, until `done()` */
async function completeTasksUntil(instanceId: string, done: () => Promise<boolean>, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) return false;
    const open = await h.ds.getRepository(TaskEntity).find({ where: { instanceId, state: 'OPEN' }, order: { createdAt: 'ASC' } });
    for (const t of open) {
      await h.client.workflow
        .getHandle(`pi/${instanceId}`)
        .executeUpdate(COMPLETE_TASK_UPDATE, { args: [{ taskId: t.id, variables: {}, by: 'conformance' }] })
        .catch(() => undefined); // the task was cancelled meanwhile (boundary event, terminate…)
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

async function completedOnServer(instanceId: string): Promise<Record<string, number>> {
  const rows = await h.ds.getRepository(ElementHistoryEntity).findBy({ instanceId, state: 'COMPLETED' });
  const out: Record<string, number> = {};
  for (const r of rows) if (r.elementType !== 'process' && r.elementType !== 'multiInstanceBody') out[r.elementId] = (out[r.elementId] ?? 0) + 1;
  return out;
}

const counted = { completed: [] as string[], waiting: [] as string[], notApplicable: [] as string[] };

it('finds the engine fixtures', () => {
  expect(files.length).toBeGreaterThan(10);
});

describe.each(files)('%s', (file) => {
  it('behaves on the real server as in the pure engine', async () => {
    const xml = readFileSync(join(fixturesDir, file), 'utf8');
    const expected = await oracle(xml);
    if (!expected) {
      counted.notApplicable.push(file);
      return; // the pure run waits for a child process the driver does not run
    }
    const defs = await h.deploy(xml);
    const run = await h.start(Object.values(defs)[0]);
    if (expected.ended) {
      counted.completed.push(file);
      let ended = false;
      const result = run.result().finally(() => (ended = true));
      await completeTasksUntil(run.instanceId, async () => ended);
      expect((await result).state).toBe('COMPLETED');
      expect(await completedOnServer(run.instanceId)).toEqual(expected.completed);
    } else {
      counted.waiting.push(file);
      let last: Record<string, number> = {};
      const reached = await completeTasksUntil(run.instanceId, async () => {
        last = (await run.handle.query<ProcessStateView>(GET_STATE_QUERY)).activeElements;
        return isDeepStrictEqual(last, expected.active);
      }, 20_000);
      if (!reached) expect(last).toEqual(expected.active);
      await run.handle.signal(CANCEL_SIGNAL);
      expect((await run.result()).state).toBe('CANCELED');
    }
  });
});

afterAll(() => {
  console.log(`[engine fixtures] completed: ${counted.completed.length}, same wait state: ${counted.waiting.length}, not applicable: ${counted.notApplicable.join(', ') || 'none'}`);
  // nearly every fixture must be exercised, or this suite proves little
  expect(counted.completed.length + counted.waiting.length).toBeGreaterThanOrEqual(files.length - 3);
});

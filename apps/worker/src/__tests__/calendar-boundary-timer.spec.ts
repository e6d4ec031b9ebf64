/**
 * Issue #4 "done when", on Temporal's time-skipping test server: a working-time boundary
 * timer (`tthc:calendar="working"`, PT8H) on a user task with `tthc:due="PT8H"` fires at the
 * very instant the Vietnamese calendar computes for the start the workflow recorded — also
 * for a Friday 16:30 start, across the weekend.
 */
import { computeDue } from '@tthc/calendar';
import { getElementHistory, getInstance } from '@tthc/persistence';
import { fixture } from '../testing/fixtures';
import { ProcessHarness, type Deployed } from '../testing/process-harness';

jest.setTimeout(180_000);

let h: ProcessHarness;
let def: Deployed;

beforeAll(async () => {
  h = await ProcessHarness.create({ timeSkipping: true });
  def = (await h.deploy(fixture('working-deadline.bpmn'))).workingDeadline;
}, 300_000);
afterAll(async () => {
  await h?.close();
});

const VN = 7 * 3_600_000;
/** next Friday 16:30 Asia/Ho_Chi_Minh strictly after `ms` */
function nextFriday1630(ms: number): number {
  const local = new Date(ms + VN);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 16, 30) - VN;
  const daysAhead = (5 - local.getUTCDay() + 7) % 7;
  let t = day + daysAhead * 86_400_000;
  if (t <= ms) t += 7 * 86_400_000;
  return t;
}

/** the next such Friday whose PT8H deadline falls on Monday 16:30 (an ordinary week: no holiday or worked Saturday around it) */
function nextOrdinaryFriday1630(ms: number): number {
  let t = nextFriday1630(ms);
  const due = (from: number) => new Date(computeDue({ from: new Date(from).toISOString(), duration: 'PT8H', calendar: 'working' })).getTime();
  while (due(t) - t !== 3 * 86_400_000) t += 7 * 86_400_000;
  return t;
}

async function runToBoundary() {
  const run = await h.start(def);
  const task = await h.openTask(run.instanceId, 'review');
  const result = await run.result(); // the test server skips to the boundary timer
  expect(result.state).toBe('COMPLETED');
  const history = await getElementHistory(h.ds, run.instanceId);
  const byId = (id: string) => history.find((e) => e.elementId === id)!;
  const started = byId('review').startedAt;
  const due = computeDue({ from: started.toISOString(), duration: 'PT8H', calendar: 'working' });
  return { run, task, result, byId, started, due: new Date(due), dueIso: due };
}

/**
 * The instant is exact in the history (the computeDue marker); the timer itself is a duration the
 * server counts from when it takes the command, i.e. a workflow task after the workflow's clock
 * read — so it fires at the instant or a workflow task's latency later, never before. That latency
 * is wall time (seconds on a busy 2-core machine), so the bound is a minute: a wrong calendar
 * (a missed holiday, lunch break or weekend) is off by 30 minutes at least.
 */
function expectFiredAt(at: Date | null | undefined, due: Date): void {
  expect(at).toBeDefined();
  expect(at!.getTime()).toBeGreaterThanOrEqual(due.getTime());
  expect(at!.getTime() - due.getTime()).toBeLessThan(60_000);
}

it('a working-time boundary timer fires at the due instant the calendar computes, and the task carries that due date', async () => {
  const { task, result, byId, started, due } = await runToBoundary();
  // the inbox row: created when the workflow opened the task, due = the library's answer for that instant
  expect(task.createdAt.getTime()).toBe(started.getTime());
  expect(task.dueAt?.toISOString()).toBe(due.toISOString());
  // the boundary path ran at the due instant: the event's time, and now() in the script after it
  expectFiredAt(byId('late').endedAt, due);
  expectFiredAt(new Date(String(result.variables.lateAt)), due);
  expect(byId('review').state).toBe('TERMINATED');
  expect((await h.task(task.id))?.state).toBe('CANCELED');
});

// (the test server's clock may have jumped years ahead after the previous test — its default
// workflow timeouts are timers too; the calendar covers 1900–2100, so any Friday will do)
it('from Friday 16:30 the PT8H deadline crosses the weekend (Monday 16:30 on an ordinary week)', async () => {
  const env = h.env!;
  const friday = nextOrdinaryFriday1630(await env.currentTimeMs());
  await env.sleep(friday - (await env.currentTimeMs()));
  const { byId, started, due, dueIso, run } = await runToBoundary();
  // started on that Friday afternoon (workflow time), a few milliseconds after 16:30
  expect(started.getTime() - friday).toBeGreaterThanOrEqual(0);
  expect(started.getTime() - friday).toBeLessThan(60_000);
  expectFiredAt(byId('late').endedAt, due);
  // 30 minutes on Friday, the weekend off, 7h30 on Monday
  const mondayIso = new Date(friday + 3 * 86_400_000 + VN).toISOString().slice(0, 10);
  expect(dueIso.slice(0, 16)).toBe(`${mondayIso}T16:30`);
  expect((await getInstance(h.ds, run.instanceId))?.state).toBe('COMPLETED');
});

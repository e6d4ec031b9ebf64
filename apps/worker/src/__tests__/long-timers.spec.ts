/**
 * Timers of days, on Temporal's time-skipping test server: an interrupting boundary
 * deadline on a user task, and a timer counted in Vietnamese working time (its instant
 * computed by the calendar through the computeDue activity).
 */
import { computeDue, workingTimeBetween } from '@tthc/calendar';
import { getElementHistory } from '@tthc/persistence';
import { fixture } from '../testing/fixtures';
import { ProcessHarness, type Deployed } from '../testing/process-harness';

jest.setTimeout(180_000);

let h: ProcessHarness;
let defs: Record<string, Deployed>;

beforeAll(async () => {
  h = await ProcessHarness.create({ timeSkipping: true });
  defs = { ...(await h.deploy(fixture('deadline.bpmn'))), ...(await h.deploy(fixture('working-timer.bpmn'))) };
}, 300_000);
afterAll(async () => {
  await h?.close();
});

it('a 3-day interrupting deadline cancels the open task and takes the apology path', async () => {
  const run = await h.start(defs.deadline);
  const task = await h.openTask(run.instanceId, 'review');
  const result = await run.result(); // the test server skips the three days
  expect(result.state).toBe('COMPLETED');
  expect((await h.task(task.id))?.state).toBe('CANCELED');
  const history = await getElementHistory(h.ds, run.instanceId);
  const byId = (id: string) => history.find((e) => e.elementId === id);
  expect(byId('review')?.state).toBe('TERMINATED');
  expect(byId('apology')?.state).toBe('COMPLETED');
  expect(byId('overdue')?.state).toBe('COMPLETED');
  expect(byId('done')).toBeUndefined();
  const late = byId('late')!;
  expect(late.endedAt!.getTime() - byId('review')!.startedAt.getTime()).toBeGreaterThanOrEqual(3 * 86_400_000);
});

it('a working-time timer fires at the instant the Vietnamese calendar computes', async () => {
  const run = await h.start(defs.workingTimer);
  expect((await run.result()).state).toBe('COMPLETED');
  const wait = (await getElementHistory(h.ds, run.instanceId)).find((e) => e.elementId === 'wait')!;
  const due = new Date(computeDue({ from: wait.startedAt.toISOString(), duration: 'P2D', calendar: 'working' })).getTime();
  // exactly two working days (2 × 8 working hours) lie between the start and the due instant, and
  // never less wall time than that. (Not "two calendar days": a start after closing is counted from
  // the next morning, so 17:15 + P2D is 17:00 two days later — 47.75 h.)
  expect(workingTimeBetween(wait.startedAt.toISOString(), new Date(due).toISOString())).toBe(16 * 3_600_000);
  expect(due - wait.startedAt.getTime()).toBeGreaterThanOrEqual(16 * 3_600_000);
  expect(Math.abs(wait.endedAt!.getTime() - due)).toBeLessThan(1000);
});

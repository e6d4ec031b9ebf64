/**
 * Issue #4 on the real dev server: a user task with `tthc:due="PT8H"` gets exactly the due date
 * the calendar library computes for the instant the workflow opened it, and the worker counts
 * the DATABASE calendar — an admin override added while the worker runs changes the due date
 * of the next task (no restart, no message to the worker).
 */
import { computeDue, computeDueWith } from '@tthc/calendar';
import { addCalendarOverride, getElementHistory, loadWorkingCalendar } from '@tthc/persistence';
import { CALENDAR_CHECK_EVERY_MS } from '../activities';
import { fixture } from '../testing/fixtures';
import { ProcessHarness, type Deployed } from '../testing/process-harness';

jest.setTimeout(180_000);

/** this area's own dev-server port (the shared 17233 is taken in turns by the other worker tests) */
const PORT = 3501;
let h: ProcessHarness;
let def: Deployed;

beforeAll(async () => {
  h = await ProcessHarness.create({ port: PORT });
  def = (await h.deploy(fixture('working-deadline.bpmn'))).workingDeadline;
}, 600_000);
afterAll(async () => {
  await h?.close();
});

async function openReview() {
  const run = await h.start(def);
  const task = await h.openTask(run.instanceId, 'review');
  return { run, task };
}

it('a user task with tthc:due="PT8H" is due exactly when the library says, counted from when the workflow opened it', async () => {
  const { run, task } = await openReview();
  const opened = (await getElementHistory(h.ds, run.instanceId)).find((e) => e.elementId === 'review')!;
  expect(task.createdAt.getTime()).toBe(opened.startedAt.getTime());
  const expected = computeDue({ from: opened.startedAt.toISOString(), duration: 'PT8H', calendar: 'working' });
  expect(task.dueAt?.toISOString()).toBe(new Date(expected).toISOString());
  await run.handle.signal('cancel');
});

it('an override added in the database moves the due date of the next task', async () => {
  // make the day(s) on which a PT8H deadline started in the next minute would fall a holiday
  const now = Date.now();
  const dates = new Set(
    [now, now + 60_000].map((t) => computeDue({ from: new Date(t).toISOString(), duration: 'PT8H', calendar: 'working' }).slice(0, 10)),
  );
  for (const date of dates) {
    await addCalendarOverride(h.ds, { date, kind: 'holiday', reason: 'Nghỉ đột xuất (kiểm thử)', legalReference: 'QĐ 1/TEST' }, 'admin');
  }
  // the worker looks at the calendar tables at most every CALENDAR_CHECK_EVERY_MS
  await new Promise((r) => setTimeout(r, CALENDAR_CHECK_EVERY_MS + 100));
  const { run, task } = await openReview();
  const from = task.createdAt.toISOString();
  const withOverride = computeDueWith(await loadWorkingCalendar(h.ds), { from, duration: 'PT8H', calendar: 'working' });
  const builtIn = computeDue({ from, duration: 'PT8H', calendar: 'working' });
  expect(task.dueAt?.toISOString()).toBe(new Date(withOverride).toISOString());
  expect(new Date(withOverride).getTime()).toBeGreaterThan(new Date(builtIn).getTime());
  expect(dates.has(withOverride.slice(0, 10))).toBe(false);
  await run.handle.signal('cancel');
});

/**
 * Issue #4 on the real dev server: a user task with `tthc:due="PT8H"` gets exactly the due date
 * the calendar library computes for the instant the workflow opened it, and the worker counts
 * the DATABASE calendar — an admin override added while the worker runs changes the due date
 * of the next task (no restart, no message to the worker), and a `calendarChanged` signal re-arms
 * the pending working-time timer of a running instance.
 */
import { Worker } from '@temporalio/worker';
import { calendarSnapshot, computeDue, computeDueWith } from '@tthc/calendar';
import { CALENDAR_CHANGED_SIGNAL, GET_TIMERS_QUERY, type PendingTimerView } from '@tthc/contracts';
import { addCalendarOverride, calendarVersion, getInstance, loadWorkingCalendar, setAgencyOfficeHours } from '@tthc/persistence';
import { bundleWorkflows } from '../worker/bundle-workflows';
import { CALENDAR_CHECK_EVERY_MS } from '../activities';
import { fixture } from '../testing/fixtures';
import { localActivityTypes } from '../testing/history-markers';
import { ProcessHarness, type Deployed } from '../testing/process-harness';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

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
  const opened = await h.elementRecord(run.instanceId, 'review');
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

it("the process's agency is passed through: its office hours in the database count", async () => {
  // four office hours a day (the national default has eight): PT8H spans two of the agency's working days and one of
  // the default's, so the two due dates differ at any time of day (two 4-hour sessions made them coincide when a
  // deadline started and ended inside both afternoons — CI at 14:22 on 2026-12-03)
  await setAgencyOfficeHours(h.ds, 'UBND-CAL', { sessions: [{ start: '06:00', end: '10:00' }] }, 'admin');
  await new Promise((r) => setTimeout(r, CALENDAR_CHECK_EVERY_MS + 100));
  const run = await h.start(def, {}, { agency: 'UBND-CAL' });
  const task = await h.openTask(run.instanceId, 'review');
  expect(task.agency).toBe('UBND-CAL');
  const cal = await loadWorkingCalendar(h.ds);
  const from = task.createdAt.toISOString();
  const agencyHours = computeDueWith(cal, { from, duration: 'PT8H', calendar: 'working', agency: 'UBND-CAL' });
  expect(task.dueAt?.toISOString()).toBe(new Date(agencyHours).toISOString());
  expect(agencyHours).not.toBe(computeDueWith(cal, { from, duration: 'PT8H', calendar: 'working' }));
  await run.handle.signal('cancel');
});

it('calendarChanged re-arms a pending working-time timer at the instant the changed calendar gives; the history replays', async () => {
  const { run, task } = await openReview();
  const timers = () => run.handle.query<PendingTimerView[]>(GET_TIMERS_QUERY);
  const [before] = await h.waitFor('the boundary timer armed', async () => ((await timers())[0]?.fireAt ? timers() : undefined));
  expect(before).toMatchObject({ elementId: 'late', calendar: 'working' });
  expect(new Date(before.fireAt!).getTime()).toBe(task.dueAt!.getTime());

  // a day off on the day the deadline falls (a second override on the same date would be refused)
  const day = computeDue({ from: before.fireAt!, duration: 'PT0S', calendar: 'absolute' }).slice(0, 10);
  const cal = await loadWorkingCalendar(h.ds);
  if (cal.isWorkingDay(day)) {
    await addCalendarOverride(h.ds, { date: day, kind: 'swap-off', reason: 'Nghỉ bù (kiểm thử)', legalReference: 'QĐ 2/TEST' }, 'admin');
  }
  await new Promise((r) => setTimeout(r, CALENDAR_CHECK_EVERY_MS + 100));
  const expected = computeDueWith(await loadWorkingCalendar(h.ds), { from: task.createdAt.toISOString(), duration: 'PT8H', calendar: 'working' });
  expect(new Date(expected).getTime()).toBeGreaterThan(new Date(before.fireAt!).getTime());

  await run.handle.signal(CALENDAR_CHANGED_SIGNAL, { by: 'admin' });
  const after = await h.waitFor('the timer re-armed', async () => {
    const [t] = await timers();
    return t?.fireAt && t.fireAt !== before.fireAt ? t : undefined;
  });
  expect(after).toMatchObject({ timerId: before.timerId, elementId: 'late', fireAt: new Date(expected).toISOString() });
  // a second signal with nothing changed leaves it where it is: once the workflow has computed the
  // instant again (a local-activity marker after that signal), no timer was cancelled or started
  await run.handle.signal(CALENDAR_CHANGED_SIGNAL, {});
  const afterSecond = await h.waitFor('the second calendarChanged handled', async () => {
    const events = (await run.handle.fetchHistory()).events!;
    const signals = events.flatMap((e, i) => (e.workflowExecutionSignaledEventAttributes?.signalName === CALENDAR_CHANGED_SIGNAL ? [i] : []));
    if (signals.length < 2) return undefined;
    const rest = events.slice(signals[1] + 1);
    const marker = rest.findIndex((e) => e.markerRecordedEventAttributes);
    return marker >= 0 ? rest : undefined;
  });
  expect(afterSecond.filter((e) => e.timerStartedEventAttributes || e.timerCanceledEventAttributes)).toEqual([]);
  expect(await timers()).toEqual([expect.objectContaining({ timerId: before.timerId, fireAt: after.fireAt })]);
  await run.handle.signal('cancel');
  expect((await run.result()).state).toBe('CANCELED');

  const history = await run.handle.fetchHistory();
  // the old timer was cancelled and a new one started (besides the one cancelled with the instance)
  expect(history.events!.filter((e) => e.timerStartedEventAttributes).length).toBe(2);
  await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows(), dataConverter: TTHC_DATA_CONVERTER }, history, run.handle.workflowId);
});

/** the local activities a run's history recorded */
async function localActivities(run: Awaited<ReturnType<typeof openReview>>['run']): Promise<string[]> {
  return localActivityTypes((await run.handle.fetchHistory()).events ?? []);
}

/** a day off on the day `fireAt` falls (unless it is one already); the instant the database calendar now gives */
async function dayOffUnder(fireAt: string, from: string, reference: string): Promise<string> {
  const day = computeDue({ from: fireAt, duration: 'PT0S', calendar: 'absolute' }).slice(0, 10);
  if ((await loadWorkingCalendar(h.ds)).isWorkingDay(day)) {
    await addCalendarOverride(h.ds, { date: day, kind: 'swap-off', reason: 'Nghỉ bù (kiểm thử)', legalReference: reference }, 'admin');
  }
  const expected = computeDueWith(await loadWorkingCalendar(h.ds), { from, duration: 'PT8H', calendar: 'working' });
  expect(new Date(expected).getTime()).toBeGreaterThan(new Date(fireAt).getTime());
  return new Date(expected).toISOString();
}

it('with the calendar pinned at start, the timer and the due date are computed in the workflow: the library’s instant, no computeDue activity', async () => {
  const { run, task } = await openReview();
  const timers = () => run.handle.query<PendingTimerView[]>(GET_TIMERS_QUERY);
  const [timer] = await h.waitFor('the boundary timer armed', async () => ((await timers())[0]?.fireAt ? timers() : undefined));
  const expected = new Date(computeDueWith(await loadWorkingCalendar(h.ds), { from: task.createdAt.toISOString(), duration: 'PT8H', calendar: 'working' })).toISOString();
  expect(new Date(timer.fireAt!).toISOString()).toBe(expected);
  expect(task.dueAt?.toISOString()).toBe(expected);
  expect(await localActivities(run)).not.toContain('computeDue');
  await run.handle.signal('cancel');
  expect((await run.result()).state).toBe('CANCELED');
  expect(await localActivities(run)).toContain('recordProgress'); // the markers are read right: the last progress write is local
});

it('the workflow task that arms a timer waits for no local activity (the timer starts when that task completes); the progress is written right after it (tthc-progress-after-timer)', async () => {
  const { run } = await openReview();
  // the instance list shows it waiting at the task (the progress written by an ordinary activity)
  const row = await h.waitFor('the progress written', async () => {
    const r = await getInstance(h.ds, run.instanceId);
    return r?.activeElements.review === 1 ? r : undefined;
  });
  expect(row.state).toBe('ACTIVE');
  const events = (await run.handle.fetchHistory()).events ?? [];
  const timerStarted = events.findIndex((e) => e.timerStartedEventAttributes);
  const armingTask = events.slice(0, timerStarted).map((e, i) => (e.workflowTaskCompletedEventAttributes ? i : -1)).filter((i) => i >= 0).pop()!;
  // what that task recorded, up to the next workflow task: the timer, the activities it scheduled, no local-activity marker
  const recorded = events.slice(armingTask + 1, events.findIndex((e, i) => i > armingTask && e.workflowTaskScheduledEventAttributes));
  expect(recorded.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toEqual([]);
  // the task's inbox row goes with that progress write (tthc-one-write-handoff: ProgressInput.inbox)
  expect(recorded.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? [])).toEqual(['recordProgress']);
  await run.handle.signal('cancel');
  expect((await run.result()).state).toBe('CANCELED');
  await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows(), dataConverter: TTHC_DATA_CONVERTER }, await run.handle.fetchHistory(), run.handle.workflowId);
});

it('calendarChanged with the changed calendar (as the API sends it) re-pins it: the armed timer moves, still without an activity; the history replays', async () => {
  const { run, task } = await openReview();
  const timers = () => run.handle.query<PendingTimerView[]>(GET_TIMERS_QUERY);
  const [before] = await h.waitFor('the boundary timer armed', async () => ((await timers())[0]?.fireAt ? timers() : undefined));
  const expected = await dayOffUnder(before.fireAt!, task.createdAt.toISOString(), 'QĐ 3/TEST');

  const calendar = calendarSnapshot(await loadWorkingCalendar(h.ds), await calendarVersion(h.ds));
  await run.handle.signal(CALENDAR_CHANGED_SIGNAL, { by: 'admin', calendarVersion: calendar.version, calendar });
  const after = await h.waitFor('the timer re-armed', async () => {
    const [t] = await timers();
    return t?.fireAt && t.fireAt !== before.fireAt ? t : undefined;
  });
  expect(after).toMatchObject({ timerId: before.timerId, elementId: 'late', fireAt: expected });
  expect(await localActivities(run)).not.toContain('computeDue');
  await run.handle.signal('cancel');
  expect((await run.result()).state).toBe('CANCELED');
  const history = await run.handle.fetchHistory();
  await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows(), dataConverter: TTHC_DATA_CONVERTER }, history, run.handle.workflowId);
});

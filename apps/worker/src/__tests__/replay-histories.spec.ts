/**
 * Determinism gate: every committed history (src/__tests__/histories/*.json, recorded by
 * src/replay/record-histories.ts) must replay with the current workflow code. A change
 * that would break a running instance fails here — guard it with patched() (docs/worker.md).
 */
import { historyFromJSON } from '@tthc/contracts/src/history-json';
import { DeterminismViolationError } from '@temporalio/workflow';
import type { ReplayResult } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflows } from '../worker/bundle-workflows';
import { replayInParallel } from '../replay/parallel-replay';
import { FOLDED_PATCHES, FOLDED_PATCHES_2, FOLDED_PATCHES_3 } from '../workflows/run-patches';
import { PATCH_SET_2026_12_PATCH, PATCH_SET_2026_12B_PATCH, PATCH_SET_2026_12C_PATCH } from '../workflows/runtime-patches';

jest.setTimeout(600_000); // ~150 histories, replayed twice; slow on a loaded 2-core machine

const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

function load(file: string) {
  return { workflowId: file.replace(/\.json$/, ''), history: historyFromJSON(readFileSync(join(dir, file), 'utf8')) };
}

async function replayAll(workflowsPath?: string): Promise<ReplayResult[]> {
  const workflowBundle = await bundleWorkflows(workflowsPath);
  // one replay process per core (replay-child.ts), each running the workflow code on its main thread
  return replayInParallel({ workflowBundle, replayName: 'tthc-replay-gate' }, files.map(load));
}

it('has a corpus of recorded histories', () => {
  expect(files.length).toBeGreaterThanOrEqual(40);
});

/** ids of the patches (workflow.patched) a recorded history took */
function patchesOf(file: string): string[] {
  const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    events: Array<{ markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads?: Array<{ data?: string }> }> } }>;
  };
  return json.events
    .map((e) => e.markerRecordedEventAttributes)
    .filter((m) => m?.markerName === 'core_patch')
    .flatMap((m) => Object.values(m!.details ?? {}).flatMap((d) => d.payloads ?? []))
    .map((p) => (JSON.parse(Buffer.from(p.data ?? '', 'base64').toString('utf8')) as { id: string }).id);
}

/** activity types a recorded history scheduled */
function activitiesOf(file: string): string[] {
  const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: Array<{ activityTaskScheduledEventAttributes?: { activityType?: { name?: string } } }> };
  return json.events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}

/** signal names a recorded history received */
function signalsOf(file: string): string[] {
  const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: Array<{ workflowExecutionSignaledEventAttributes?: { signalName?: string } }> };
  return json.events.flatMap((e) => e.workflowExecutionSignaledEventAttributes?.signalName ?? []);
}

it.each(['tthc-progress-on-wait', 'c8-null-conditions', 'tthc-poison-incidents'])('keeps histories from before and after the patch %s', (patch) => {
  const withPatch = files.filter((f) => patchesOf(f).includes(patch));
  expect(withPatch.length).toBeGreaterThanOrEqual(5);
  expect(files.length - withPatch.length).toBeGreaterThanOrEqual(5);
});

it('keeps runs before and after the serial local-activity chain and the cheap steps', () => {
  const chained = files.filter((f) => patchesOf(f).includes('tthc-serial-local-activities'));
  expect(chained.length).toBeGreaterThanOrEqual(15);
  expect(files.length - chained.length).toBeGreaterThanOrEqual(15);
  // local service tasks (parallel local steps, the slow one first; a step forced durable) and the dossier runs
  expect(files.filter((f) => patchesOf(f).includes('tthc-local-service-tasks')).length).toBeGreaterThanOrEqual(3);
  expect(patchesOf('local-steps-parallel.serial-local-activities.json')).toEqual(expect.arrayContaining(['tthc-serial-local-activities', 'tthc-local-service-tasks']));
  // the same run before and after the local steps of one event went as one batch (tthc-local-step-batches)
  expect(patchesOf('local-steps-parallel.serial-local-activities.json')).not.toContain('tthc-local-step-batches');
  expect(patchesOf('local-steps-parallel.local-step-batches.json')).toContain('tthc-local-step-batches');
  for (const scenario of ['dossier-golden-path', 'dossier-supplement-resume', 'dossier-refusal', 'dossier-apology-once']) {
    expect(patchesOf(`${scenario}.serial-local-activities.json`)).toContain('tthc-serial-local-activities');
  }
});

it('keeps dossier runs (guard, pause/resume, refusal, apology) in the corpus', () => {
  const dossierRuns = files.filter((f) => patchesOf(f).includes('tthc-dossier-step-guard'));
  for (const scenario of ['dossier-golden-path', 'dossier-supplement-resume', 'dossier-refusal', 'dossier-apology-once']) {
    const runs = dossierRuns.filter((f) => f.startsWith(`${scenario}.`));
    // before and after the dossier timers (engine apology timer, resubmission-only resume)
    expect(runs.filter((f) => !patchesOf(f).includes('tthc-dossier-apology-timer')).length).toBeGreaterThanOrEqual(1);
    expect(runs.filter((f) => patchesOf(f).includes('tthc-dossier-apology-timer') && patchesOf(f).includes('tthc-dossier-resubmission-only')).length).toBeGreaterThanOrEqual(1);
    // before and after the receipt limit joined the serial due-date chain
    expect(runs.filter((f) => !patchesOf(f).includes('tthc-receipt-limit-serial-due')).length).toBeGreaterThanOrEqual(1);
    expect(runs.filter((f) => patchesOf(f).includes('tthc-receipt-limit-serial-due')).length).toBeGreaterThanOrEqual(1);
  }
});

it('keeps an instance migrated to another version (two runs) and then modified by an operator', () => {
  // run 1: v1, the migrateInstance update, continue-as-new; run 2: v2, the modifyInstance update, completed
  expect(patchesOf('instance-migration-modification.1.json')).toContain('tthc-instance-migration');
  expect(patchesOf('instance-migration-modification.2.json')).toContain('tthc-instance-modification');
});

it('keeps a history taken after the patch tthc-loop-value-incidents (multi-instance behavior events), next to older ones', () => {
  expect(patchesOf('engine-multi-instance-behavior.loop-value-incidents.json')).toContain('tthc-loop-value-incidents');
  expect(files.filter((f) => !patchesOf(f).includes('tthc-loop-value-incidents')).length).toBeGreaterThanOrEqual(40);
});

it('keeps histories that take the session-4 engine patches: activity default flow, quantities, throws reaching other processes', () => {
  expect(patchesOf('engine-activity-conditional-flows.activity-default-flow.json')).toContain('tthc-activity-default-flow');
  expect(patchesOf('engine-activity-quantities.activity-quantities.json')).toContain('tthc-activity-quantities');
  // the thrower ran the publishMessage and broadcastSignal activities; the waiting catch of another instance received the message
  for (const f of ['thrown-events-thrower.throw-starts.json', 'thrown-events.throw-starts.json']) expect(patchesOf(f)).toContain('tthc-throw-starts');
  expect(activitiesOf('thrown-events-thrower.throw-starts.json')).toEqual(expect.arrayContaining(['publishMessage', 'broadcastSignal']));
  expect(signalsOf('thrown-events.throw-starts.json')).toContain('deliverMessage');
});

it('keeps working-time runs from before the pinned calendar (computeDue activities) and after it (tthc-workflow-calendar)', () => {
  expect(patchesOf('working-deadline-completed.json')).not.toContain('tthc-workflow-calendar');
  expect(patchesOf('working-deadline-completed.workflow-calendar.json')).toContain('tthc-workflow-calendar');
  for (const scenario of ['dossier-golden-path', 'dossier-supplement-resume', 'dossier-refusal', 'dossier-apology-once']) {
    expect(patchesOf(`${scenario}.workflow-calendar.json`)).toContain('tthc-workflow-calendar');
  }
});

it('keeps timer runs from before and after the progress write left the task that arms the timer (tthc-progress-after-timer)', () => {
  for (const scenario of ['timer-intermediate', 'working-deadline-completed']) {
    expect(patchesOf(`${scenario}.before-progress-after-timer.json`)).not.toContain('tthc-progress-after-timer');
    expect(patchesOf(`${scenario}.progress-after-timer.json`)).toContain('tthc-progress-after-timer');
    expect(activitiesOf(`${scenario}.progress-after-timer.json`)).toContain('recordProgress');
  }
});

it('keeps runs before and after the one-write hand-off (tthc-one-write-handoff: guard and inbox rows without activities of their own)', () => {
  for (const scenario of ['dossier-golden-path', 'dossier-supplement-resume', 'dossier-refusal', 'dossier-apology-once', 'user-task-service-task-approved', 'cancel-open-user-task', 'working-deadline-completed']) {
    expect(patchesOf(`${scenario}.before-one-write-handoff.json`)).not.toContain('tthc-one-write-handoff');
    expect(activitiesOf(`${scenario}.before-one-write-handoff.json`)).toContain('createUserTask');
    expect(patchesOf(`${scenario}.one-write-handoff.json`)).toContain('tthc-one-write-handoff');
    expect(activitiesOf(`${scenario}.one-write-handoff.json`).filter((a) => ['createUserTask', 'closeUserTask', 'guardStep'].includes(a))).toEqual([]);
  }
});

it('keeps operator updates that end the run from before and after they take one more workflow task (tthc-operator-update-not-last-task)', () => {
  /** event types of a recorded history, without the EVENT_TYPE_ prefix */
  const eventsOf = (file: string) =>
    (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: Array<{ eventType: string }> }).events.map((e) => e.eventType.replace('EVENT_TYPE_', ''));
  // before: no timer after the answer (the retried run completed in the task that answered it); after: a 1 ms timer, then the completion
  for (const [before, after] of [
    ['incident-then-retry.patch-set.json', 'incident-then-retry.operator-update-not-last-task.json'],
    ['instance-migration-modification.2.json', 'instance-migration-modification.operator-update-not-last-task.2.json'],
  ]) {
    expect(patchesOf(before)).not.toContain('tthc-operator-update-not-last-task');
    expect(eventsOf(before).slice(eventsOf(before).lastIndexOf('WORKFLOW_EXECUTION_UPDATE_COMPLETED'))).not.toContain('TIMER_STARTED');
    expect(patchesOf(after)).toContain('tthc-operator-update-not-last-task');
    const afterAnswer = eventsOf(after).slice(eventsOf(after).lastIndexOf('WORKFLOW_EXECUTION_UPDATE_COMPLETED'));
    expect(afterAnswer.filter((t) => ['TIMER_STARTED', 'TIMER_FIRED', 'WORKFLOW_TASK_STARTED', 'WORKFLOW_EXECUTION_COMPLETED'].includes(t))).toEqual(['TIMER_STARTED', 'TIMER_FIRED', 'WORKFLOW_TASK_STARTED', 'WORKFLOW_EXECUTION_COMPLETED']);
  }
});

it('keeps timer runs from before and after the second patch set (one marker in the task that arms the timer, was three)', () => {
  for (const scenario of ['timer-intermediate', 'working-deadline-completed', 'dossier-golden-path']) {
    expect(patchesOf(`${scenario}.patch-set-2b.json`)).toEqual([PATCH_SET_2026_12B_PATCH]);
  }
  // before: the first set's marker and the two patches the second set folds, each on its own
  expect(patchesOf('working-deadline-completed.progress-after-timer.json')).toEqual([PATCH_SET_2026_12_PATCH, ...FOLDED_PATCHES_2]);
});

it('keeps runs from before and after the third patch set (one marker per new run: user task, dossier, operator update, migration, calendar change)', () => {
  /** event types of a recorded history, without the EVENT_TYPE_ prefix */
  const eventsOf = (file: string) =>
    (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: Array<{ eventType: string }> }).events.map((e) => e.eventType.replace('EVENT_TYPE_', ''));
  const pairs = [
    ['timer-intermediate.patch-set-2b.json', 'timer-intermediate.patch-set-2c.json'],
    ['user-task-service-task-approved.one-write-handoff.json', 'user-task-service-task-approved.patch-set-2c.json'],
    ['dossier-refusal.one-write-handoff.json', 'dossier-refusal.patch-set-2c.json'],
    ['incident-then-retry.operator-update-not-last-task.json', 'incident-then-retry.patch-set-2c.json'],
    ['instance-migration-modification.operator-update-not-last-task.1.json', 'instance-migration-modification.patch-set-2c.1.json'],
    ['instance-migration-modification.operator-update-not-last-task.2.json', 'instance-migration-modification.patch-set-2c.2.json'],
    ['instance-migration-message.migration-holds-events.1.json', 'instance-migration-message.patch-set-2c.1.json'],
    ['instance-migration-message.migration-holds-events.2.json', 'instance-migration-message.patch-set-2c.2.json'],
    ['dossier-apology-calendar.apology-follows-calendar.json', 'dossier-apology-calendar.patch-set-2c.json'],
  ];
  for (const [before, after] of pairs) {
    // after: the third set's marker and nothing else; before: an older set's marker first
    expect(patchesOf(after)).toEqual([PATCH_SET_2026_12C_PATCH]);
    expect([PATCH_SET_2026_12_PATCH, PATCH_SET_2026_12B_PATCH]).toContain(patchesOf(before)[0]);
    expect(patchesOf(before)).not.toContain(PATCH_SET_2026_12C_PATCH);
  }
  // the older runs asked the patches the third set folds each on its own (one marker and one upsert each)
  expect(pairs.flatMap(([before]) => patchesOf(before).filter((p) => FOLDED_PATCHES_3.has(p)))).toEqual(
    expect.arrayContaining([
      'tthc-one-write-handoff',
      'tthc-operator-update-not-last-task',
      'tthc-instance-migration',
      'tthc-instance-modification',
      'tthc-migration-holds-events',
      'tthc-delivered-once',
      'tthc-calendar-changed',
      'tthc-dossier-apology-follows-calendar',
    ]),
  );
  // the new runs take the folded behaviour without its marker: the hand-off schedules no inbox/guard activity …
  for (const after of ['user-task-service-task-approved.patch-set-2c.json', 'dossier-refusal.patch-set-2c.json']) {
    expect(activitiesOf(after).filter((a) => ['createUserTask', 'closeUserTask', 'guardStep'].includes(a))).toEqual([]);
  }
  // … an operator's retry takes one more workflow task before the run completes (a 1 ms timer) …
  const retried = eventsOf('incident-then-retry.patch-set-2c.json');
  expect(retried.slice(retried.lastIndexOf('WORKFLOW_EXECUTION_UPDATE_COMPLETED')).filter((t) => ['TIMER_STARTED', 'TIMER_FIRED', 'WORKFLOW_EXECUTION_COMPLETED'].includes(t))).toEqual([
    'TIMER_STARTED',
    'TIMER_FIRED',
    'WORKFLOW_EXECUTION_COMPLETED',
  ]);
  // … and a migration continues as new (the chain's second run), a calendar change reaches the dossier run
  expect(eventsOf('instance-migration-message.patch-set-2c.1.json')).toContain('WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
  expect(signalsOf('dossier-apology-calendar.patch-set-2c.json')).toContain('calendarChanged');
  // a set stands for every older set: the three lists do not overlap
  for (const id of FOLDED_PATCHES_3) expect(FOLDED_PATCHES.has(id) || FOLDED_PATCHES_2.has(id)).toBe(false);
});

it('keeps a dossier run that got calendarChanged with its apology reminder armed, from before and after the reminder followed the calendar', () => {
  expect(patchesOf('dossier-apology-calendar.before-apology-follows-calendar.json')).not.toContain('tthc-dossier-apology-follows-calendar');
  expect(signalsOf('dossier-apology-calendar.before-apology-follows-calendar.json')).toContain('calendarChanged');
  expect(patchesOf('dossier-apology-calendar.apology-follows-calendar.json')).toContain('tthc-dossier-apology-follows-calendar');
});

it('keeps runs before and after the patch set (one marker standing for the folded patches)', () => {
  const before = files.filter((f) => f.includes('.before-patch-set'));
  const after = files.filter((f) => patchesOf(f).includes(PATCH_SET_2026_12_PATCH));
  // the same scenarios: each patch asked on its own, then the set's one marker and none of the folded ones
  expect(before.length).toBeGreaterThanOrEqual(5);
  for (const f of before) expect(patchesOf(f).filter((p) => FOLDED_PATCHES.has(p)).length).toBeGreaterThanOrEqual(4);
  expect(after.map((f) => f.replace('.patch-set', '.before-patch-set')).sort()).toEqual(expect.arrayContaining(before));
  for (const f of after) expect(patchesOf(f).filter((p) => FOLDED_PATCHES.has(p))).toEqual([]);
});

it('replays every recorded history with the current workflow code', async () => {
  const results = await replayAll();
  const failures = results.filter((r) => r.error).map((r) => `${r.workflowId}: ${r.error?.message}`);
  expect(failures).toEqual([]);
  expect(results).toHaveLength(files.length);
});

it('fails on a change that is not replay-safe', async () => {
  const results = await replayAll(join(__dirname, 'changed-workflow', 'index.ts'));
  expect(results.length).toBe(files.length);
  for (const r of results) expect(r.error).toBeInstanceOf(DeterminismViolationError);
});

it('fails the whole replay when a replay process cannot run the workflow code (no history left out silently)', async () => {
  await expect(replayInParallel({ workflowBundle: { code: 'this is not a workflow bundle' }, replayName: 'tthc-replay-broken' }, files.slice(0, 3).map(load))).rejects.toThrow(/replay process \d+ failed/);
});

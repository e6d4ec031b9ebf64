/**
 * `runProcess`: the one workflow type that runs every BPMN process. A thin adapter
 * (ProcessRuntime) around the pure interpreter; this file wires Temporal's messages
 * and the main loop: record progress after each burst of events, continue-as-new when
 * the history grows large, return when the engine reports the end.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { RunProcessInput, RunProcessResult } from '@tthc/contracts';
import { onCalendarChanged } from './calendar-changes';
import {
  calendarChangedSignal,
  cancelSignal,
  childEscalatedSignal,
  completeTaskUpdate,
  deliverMessageSignal,
  deliverSignalSignal,
  getStateQuery,
  getTaskStatusQuery,
  getTimersQuery,
  retryIncidentUpdate,
} from './definitions';
import { DOSSIER_STEP_GUARD_PATCH, DossierSteps } from './dossier-steps';
import { InstanceOperations, refuseWhileMigrating } from './instance-operations';
import { ProcessRuntime } from './process-runtime';
import { DOSSIER_APOLOGY_TIMER_PATCH, DOSSIER_MIGRATION_BEFORE_RECEIPT_PATCH, DOSSIER_RESUBMISSION_ONLY_PATCH, PROGRESS_ON_WAIT_PATCH, RECEIPT_LIMIT_SERIAL_DUE_PATCH } from './runtime-patches';
import type { ResumeState } from './resume-state';
import { RunPatches } from './run-patches';

const DEFAULT_HISTORY_LIMIT = 10_000;

export async function runProcess(input: RunProcessInput): Promise<RunProcessResult> {
  // first thing in the run: new runs record one marker for every folded patch (run-patches.ts)
  const patches = new RunPatches();
  const runtime = new ProcessRuntime(input, patches);
  // replay safety: runs started before this change flushed progress after every event
  runtime.progress.deferWhileJobsRun = patches.has(PROGRESS_ON_WAIT_PATCH);
  // replay safety: a dossier's steps are guarded only in runs started after this change
  if (input.dossierId && patches.has(DOSSIER_STEP_GUARD_PATCH)) {
    const resume = input.resumeState as ResumeState | undefined;
    // replay safety: the engine's apology timer and the resubmission-only resume, in runs started after them
    runtime.dossier = new DossierSteps({ ...input, dossierId: input.dossierId }, resume?.dossier, {
      apologyTimer: patches.has(DOSSIER_APOLOGY_TIMER_PATCH),
      resubmissionOnly: patches.has(DOSSIER_RESUBMISSION_ONLY_PATCH),
      ...(!resume && patches.has(RECEIPT_LIMIT_SERIAL_DUE_PATCH) ? { serialDue: (from: string, duration: string) => runtime.due(from, duration, 'working', 'dossier-receipt-limit') } : {}),
      patches,
      track: (p) => runtime.track(p),
      localGuard: { enabled: () => runtime.inboxWithProgress(), serialLocal: (call) => runtime.localChain.run(call) },
    });
    if (!resume) runtime.dossier.armReceiptLimit(new Date().toISOString());
    // a run migrated before the receipt waits for its previous run's receipt limit
    else if (resume.dossier?.receiptDeadline && patches.has(DOSSIER_MIGRATION_BEFORE_RECEIPT_PATCH)) runtime.dossier.resumeReceiptLimit(resume.dossier);
  }
  registerHandlers(runtime);
  const operations = new InstanceOperations(runtime);
  operations.register();
  // a migrated run receives first what its previous run held while the migration was pending
  operations.receiveHeld();
  // cancellation requested through Temporal (e.g. a parent cancels its call activity):
  // handled like the cancel signal, so inbox rows are closed and the state is CANCELED
  // (dispatched in a non-cancellable scope: the root scope is cancelled, and the inbox rows must
  // still be closed by activities started from here)
  CancellationScope.current().cancelRequested.catch(() => CancellationScope.nonCancellable(async () => runtime.dispatch({ kind: 'cancel' })));
  return CancellationScope.nonCancellable(() => mainLoop(runtime, operations));
}

async function mainLoop(runtime: ProcessRuntime, operations: InstanceOperations): Promise<RunProcessResult> {
  runtime.begin();
  for (;;) {
    await condition(() => runtime.progress.flushDue() || runtime.ended !== undefined || readyToContinueAsNew(runtime) || operations.migrationDue(allHandlersFinished()));
    if (runtime.progress.flushDue()) {
      await runtime.progress.flush();
      continue;
    }
    if (runtime.ended) break;
    // one more workflow task before a continue-as-new (ProcessRuntime.answeredInThisTask)
    if (runtime.answeredInThisTask()) {
      await sleep(1);
      continue;
    }
    if (operations.migrationDue(allHandlersFinished())) {
      // instance migration (instance-operations.ts): the next run runs the new version
      const input = operations.migratedInput();
      if (input) await continueAsNew<typeof runProcess>(input);
      continue;
    }
    if (readyToContinueAsNew(runtime)) {
      // the calendar the run counts working time from now (a calendar change may have re-pinned or dropped it)
      const { calendar: _pinnedAtStart, ...input } = runtime.input;
      const calendar = runtime.pinnedCalendar();
      await continueAsNew<typeof runProcess>({ ...input, ...(calendar ? { calendar } : {}), variables: {}, resumeState: runtime.resumeState() });
    }
  }
  await runtime.settle();
  if (runtime.progress.seq > runtime.progress.flushedSeq) await runtime.progress.flush();
  await condition(allHandlersFinished);
  // one more workflow task before the run completes (ProcessRuntime.answeredInThisTask)
  if (runtime.answeredInThisTask()) await sleep(1);
  const ended = runtime.ended!;
  return { instanceId: runtime.input.instanceId, state: ended.state, variables: ended.variables };
}

/**
 * Continue-as-new once the history is large (server suggestion or historyLimit) and
 * nothing is in flight that a new run would lose: no job, child, unflushed progress,
 * pending inbox write, timer without its instant, or running update handler.
 */
function readyToContinueAsNew(runtime: ProcessRuntime): boolean {
  if (runtime.ended) return false;
  const info = workflowInfo();
  const large = info.continueAsNewSuggested || info.historyLength > (runtime.input.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  return large && runtime.quiescent() && allHandlersFinished();
}

function registerHandlers(runtime: ProcessRuntime): void {
  setHandler(getStateQuery, () => runtime.view());
  setHandler(getTimersQuery, () => [...runtime.timerViews(), ...(runtime.dossier?.timerViews() ?? [])]);
  // read-only (no history): lets the API reconcile a task left COMPLETING by a crash
  setHandler(getTaskStatusQuery, (taskId) => (runtime.completedTasks.has(taskId) ? 'completed' : runtime.engine.validateUserTaskCompletion(taskId).ok ? 'open' : 'unknown'));
  setHandler(calendarChangedSignal, (args) => onCalendarChanged(runtime, args ?? {}));

  setHandler(
    completeTaskUpdate,
    async ({ taskId, variables: submitted, by }) => {
      let variables = submitted;
      // idempotent: the first call completes, any later (or concurrent) one answers completed:false
      if (runtime.completedTasks.has(taskId)) return { taskId, completed: false };
      // the run does not end in the task that accepts this completion (its writes are local activities)
      runtime.acceptedLocally();
      const dossier = runtime.dossier;
      const step = dossier?.stepOf(runtime.openTasks.get(taskId)?.elementId);
      let release: (() => void) | undefined;
      if (dossier && step) {
        // a concurrent completion of the same task waits until the first one completed or was refused
        for (let busy = dossier.busy(taskId); busy; busy = dossier.busy(taskId)) {
          await busy;
          if (runtime.completedTasks.has(taskId)) return { taskId, completed: false };
        }
        release = dossier.hold(taskId);
        try {
          // the step guard (architecture.md §3.1): checks and performs the step's effects, or refuses (STEP_REFUSED)
          const guarded = await dossier.guard({ taskId, elementId: runtime.openTasks.get(taskId)!.elementId, step: step.step, name: step.name, by, variables: variables ?? {} });
          // the process sees the dossier's code and appointment date (message correlation `=dossierCode`, gateways)
          if (guarded.dossierCode) variables = { ...variables, dossierCode: guarded.dossierCode, ...(guarded.dueAt ? { dossierDueAt: guarded.dueAt } : {}) };
          // the task may have been cancelled (an interrupting boundary event) while the guard ran
          const check = runtime.engine.validateUserTaskCompletion(taskId, variables);
          if (!check.ok) throw ApplicationFailure.create({ type: check.code, message: check.message, nonRetryable: true });
        } catch (err) {
          release();
          throw err;
        }
      }
      const { seq, inboxWrites } = runtime.dispatch({ kind: 'userTaskCompleted', taskId, variables, by });
      runtime.completedTasks.add(taskId);
      release?.();
      // answer once the inbox reflects the completion and the tasks it opened (read-your-writes for the API)
      await runtime.progress.awaitProgress(seq, async () => {
        await runtime.closeCompletedTask(taskId, by, variables);
        await Promise.all(inboxWrites);
      });
      return { taskId, completed: true };
    },
    {
      validator: ({ taskId, variables }) => {
        if (runtime.completedTasks.has(taskId)) return;
        refuseWhileMigrating(runtime);
        const check = runtime.engine.validateUserTaskCompletion(taskId, variables);
        if (!check.ok) throw ApplicationFailure.create({ type: check.code, message: check.message, nonRetryable: true });
      },
    },
  );

  setHandler(
    retryIncidentUpdate,
    async ({ incidentId, variables }) => {
      if (runtime.retriedIncidents.has(incidentId)) return { incidentId, retried: false };
      runtime.retriedIncidents.add(incidentId);
      // the run does not end in the task that accepts this retry (its progress write is a local activity)
      runtime.operatorUpdateAccepted();
      const { seq } = runtime.dispatch({ kind: 'retryIncident', incidentId, variables });
      await runtime.progress.awaitProgress(seq);
      return { incidentId, retried: true };
    },
    {
      validator: ({ incidentId }) => {
        if (runtime.retriedIncidents.has(incidentId)) return;
        refuseWhileMigrating(runtime);
        if (!runtime.view().incidents.some((i) => i.id === incidentId)) {
          throw ApplicationFailure.create({ type: 'UNKNOWN_INCIDENT', message: `no open incident ${incidentId}`, nonRetryable: true });
        }
      },
    },
  );

  setHandler(deliverMessageSignal, ({ name, correlationKey, variables, messageId }) => {
    // offered again under the same id (a retried throw or publish): received once
    if (runtime.delivered.repeated('message', messageId)) return;
    runtime.deliver({ kind: 'messageReceived', name, correlationKey, variables });
  });
  setHandler(deliverSignalSignal, ({ name, variables, signalId }) => {
    if (runtime.delivered.repeated('signal', signalId)) return;
    runtime.deliver({ kind: 'signalReceived', name, variables });
  });
  setHandler(cancelSignal, () => {
    runtime.deliver({ kind: 'cancel' });
  });
  setHandler(childEscalatedSignal, ({ childId, escalationCode }) => {
    runtime.childEscalated(childId, escalationCode);
  });
}

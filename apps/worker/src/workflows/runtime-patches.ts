/** Patch ids of the process runtime (docs/worker.md lists every patch in force). */
/** patch id: progress deferred while only jobs run (histories before it flush after every event) */
export const PROGRESS_ON_WAIT_PATCH = 'tthc-progress-on-wait';
/**
 * patch id: one marker standing for every patch folded into it (run-patches.ts FOLDED_PATCHES). A run
 * started after it records this marker alone and takes every folded behaviour; a run recorded before
 * it (no such marker) asks each folded patch on its own, as it was recorded.
 */
export const PATCH_SET_2026_12_PATCH = 'tthc-patch-set-2026-12';
/**
 * patch id: the second set (run-patches.ts FOLDED_PATCHES_2): stands for PATCH_SET_2026_12_PATCH's patches and the
 * ones every new timer run asked on its own in its first workflow task (WORKFLOW_CALENDAR_PATCH,
 * PROGRESS_AFTER_TIMER_PATCH) — three markers and three search-attribute upserts in the task that arms a timer
 * became one each (W4: the worker's intake of new runs). Asked before the first set; a run that took it asks neither.
 */
export const PATCH_SET_2026_12B_PATCH = 'tthc-patch-set-2026-12b';
/**
 * patch id: the third set (run-patches.ts FOLDED_PATCHES_3): stands for the first two sets' patches and every other
 * patch in force when it was added (one-write hand-off, operator updates not in the last task, migration and
 * modification, delivered once, calendar changes, the apology reminder following the calendar) — a user-task or
 * dossier run records this one marker instead of the second set's and its own (two events and a search-attribute
 * upsert fewer each). Asked before the second set; a run that took it asks none of the older ones.
 */
export const PATCH_SET_2026_12C_PATCH = 'tthc-patch-set-2026-12c';
/** patch id: an escalation a child does not catch reaches its call activity (EngineOptions.escalateToParent) */
export const ESCALATE_TO_PARENT_PATCH = 'tthc-escalate-to-parent';
/** patch id: Camunda 8 conditions — a non-boolean result raises an incident (EngineOptions.strictConditions) */
export const C8_NULL_CONDITIONS_PATCH = 'c8-null-conditions';
/** patch id: a negative/non-integer loopMaximum or a negative loopCardinality is an incident with a clear message (EngineOptions.loopValueIncidents) */
export const LOOP_VALUE_INCIDENTS_PATCH = 'tthc-loop-value-incidents';
/**
 * patch id: due-date computations (computeDue local activities) run one after the other. Two at once
 * (a task's due date and its working-time boundary timer) resolved in completion order when run but
 * in marker order on replay, so the commands that follow (createUserTask, the timer) could swap → a
 * nondeterminism error after a worker restart.
 */
export const SERIAL_DUE_PATCH = 'tthc-serial-due';
/**
 * patch id (dossier runs): the engine arms its own apology timer at due − 1 working day (the instant
 * comes with the guard's / the clock resume's result), re-arms it when the due date moves, cancels it
 * when the clock stops; when it fires the raiseApologyDue activity flags the dossier (dossier-steps.ts)
 */
export const DOSSIER_APOLOGY_TIMER_PATCH = 'tthc-dossier-apology-timer';
/** patch id (dossier runs): only the citizen's resubmission (message `ho-so-bo-sung`) resumes a paused clock; before it any message did */
export const DOSSIER_RESUBMISSION_ONLY_PATCH = 'tthc-dossier-resubmission-only';
/**
 * patch id (dossier runs): the receipt limit's computeDue joins the runtime's serial due-date chain
 * (SERIAL_DUE_PATCH). Run at the same time as a task's due date, the two local activities resolved in
 * completion order when run but in marker order on replay: the limit's timer and createUserTask
 * swapped → a nondeterminism error after a cache eviction (seen under load in the W2 benchmark).
 */
export const RECEIPT_LIMIT_SERIAL_DUE_PATCH = 'tthc-receipt-limit-serial-due';
/**
 * patch id: the instance was migrated to another version (instance-operations.ts) — the update's
 * run continues as new with the translated state and the new pinned graph. Only runs that receive a
 * `migrateInstance` update take it, so histories recorded before it never see the marker.
 */
export const INSTANCE_MIGRATION_PATCH = 'tthc-instance-migration';
/** patch id: an operator's token modification (`modifyInstance` update, instance-operations.ts) */
export const INSTANCE_MODIFICATION_PATCH = 'tthc-instance-modification';
/** patch id: BPMN §13.2.1 — the default flow of an activity is taken when no condition is true, also next to unconditional flows (EngineOptions.activityDefaultFlow) */
export const ACTIVITY_DEFAULT_FLOW_PATCH = 'tthc-activity-default-flow';
/**
 * patch id: messages and signals thrown by a process reach other processes — a message throw without a job
 * type is published (message starts, waiting catches of other instances), a signal throw also starts processes
 * with a signal start event, both idempotent per throw and scoped to the agency (EngineOptions.throwStarts)
 */
export const THROW_STARTS_PATCH = 'tthc-throw-starts';
/** patch id: BPMN §13.3.1 startQuantity / completionQuantity of activities honoured (EngineOptions.activityQuantities) */
export const ACTIVITY_QUANTITIES_PATCH = 'tthc-activity-quantities';
/**
 * patch id (dossier runs): a dossier may be migrated before its receipt — the receipt limit's instant goes to the
 * new run in DossierResumeState.receiptDeadline, which waits for it and flags a late receipt as before. Before it
 * such a migration was refused (a validator refusal: never in history).
 */
export const DOSSIER_MIGRATION_BEFORE_RECEIPT_PATCH = 'tthc-dossier-migration-before-receipt';
/**
 * patch id: once a migration is answered (instance-operations.ts) and until its continue-as-new, messages,
 * signals, timers and the cancel signal are held and carried to the migrated run (ResumeState.heldEvents),
 * which receives them first; task completions, incident retries, modifications and another migration are
 * refused with MIGRATION_PENDING (retry in a moment). Before it such an event reached the old version: it
 * could move a token where the migration no longer applied, and the migration was dropped (logged only).
 */
export const MIGRATION_HOLDS_EVENTS_PATCH = 'tthc-migration-holds-events';
/** patch id: a message or signal offered twice under the same id (a retried throw after a partial delivery) is received once (delivered-once.ts) */
export const DELIVERED_ONCE_PATCH = 'tthc-delivered-once';
/**
 * patch id: working-time instants (timers, due dates, the dossier's receipt limit) are computed in the
 * workflow from the calendar pinned in the input (pinned-calendar.ts) instead of a computeDue local
 * activity each — the arming workflow task runs no activity, so the timer starts on time (W4). Only
 * runs whose input carries a calendar ask for it; a calendarChanged signal re-pins the snapshot it brings.
 */
export const WORKFLOW_CALENDAR_PATCH = 'tthc-workflow-calendar';
/**
 * patch id: progress written in a workflow task that armed a BPMN timer goes to an ordinary activity
 * instead of a local one, unless an update waits for it (runtime-progress.ts `writer`). A local
 * activity holds its task open until it completes, and Temporal starts the task's timers only when the
 * task completes, while their instants count from the task's start: the write was added to every
 * timer's lateness (W4). Asked only at the first such flush, so runs without timers record no marker.
 */
export const PROGRESS_AFTER_TIMER_PATCH = 'tthc-progress-after-timer';
/**
 * patch id: a completion's hand-off is one local activity and one transaction (W2). The step guard runs
 * as a local activity (was an ordinary one), and the inbox rows go with the progress write
 * (ProgressInput.inbox: the completed task's close and audit entry, the rows of the tasks it opened, the
 * element history, the projection) instead of createUserTask / closeUserTask activities of their own —
 * one workflow task per completion. Asked once per run, at its first inbox write or guard
 * (ProcessRuntime.inboxWithProgress); also the start's first task and cancelled tasks take it.
 */
export const ONE_WRITE_HANDOFF_PATCH = 'tthc-one-write-handoff';
/**
 * patch id (dossier runs with a pinned calendar): a calendarChanged signal moves the engine's armed apology
 * reminder — its working-time lead before the due date (measured on the calendar it was computed with) is kept
 * under the changed calendar (dossier-steps.ts `calendarChanged`). Before it the reminder stayed where it was
 * armed. Asked only when such a signal reaches a run with an armed reminder.
 */
export const DOSSIER_APOLOGY_FOLLOWS_CALENDAR_PATCH = 'tthc-dossier-apology-follows-calendar';
/**
 * patch id: an operator's retryIncident / modifyInstance update answers after a progress write that is a local
 * activity in the update's workflow task (awaitProgress); like a one-write completion (ONE_WRITE_HANDOFF_PATCH), the
 * run then never ends or continues as new in that task (ProcessRuntime.answeredInThisTask: a 1 ms timer gives it one
 * more). Before it an event arriving meanwhile made the server refuse the task (UnhandledCommand) and fail the update
 * after its writes were made. Asked when such an update is accepted.
 */
export const OPERATOR_UPDATE_NOT_LAST_TASK_PATCH = 'tthc-operator-update-not-last-task';

/**
 * The patches of one run (runtime-patches.ts), asked through one marker for new runs.
 *
 * Why: every `patched()` a new run asks records a marker and, since Core upserts the
 * `TemporalChangeVersion` search attribute with each, a second event — a ten-step run carried 18
 * events of patches next to its 16 of work (W1/W5 in performance.md). FOLDED_PATCHES are the patches
 * in force for all new runs when PATCH_SET_2026_12_PATCH was added, plus INLINE_STEPS_PATCH, added with
 * it; a run started after it records that marker only and takes each folded behaviour.
 *
 * Replay safety (patched() semantics): the set is asked once, first thing in the run, and the answer
 * kept for the whole run. A history recorded before the set has no such marker: replaying, `patched`
 * answers false, nothing is recorded, and each folded patch is asked on its own, at the same place
 * and in the same order as when the history was recorded — also when that run goes on live after the
 * replay. A run started after it has the set's marker first: replaying answers true and no folded
 * patch is asked. Patches added later are asked on their own (not in the set); a later set is asked
 * before this one and stands for this set's patches too.
 *
 * The sets, newest first (each asked only when the newer ones were not taken):
 * - PATCH_SET_2026_12C_PATCH: FOLDED_PATCHES + FOLDED_PATCHES_2 + FOLDED_PATCHES_3 — every patch in force
 *   when it was added (calendar changes, delivered once, migration/modification and their follow-ups, the
 *   one-write hand-off, the apology reminder following the calendar, operator updates not in the last task).
 *   `core_patch` markers per run (each with its search-attribute upsert), recorded histories before → after
 *   (`*.patch-set-2c.json`): user-task-service-task-approved 2 → 1 (12b + one-write-handoff; 21 → 19 events),
 *   dossier-refusal 2 → 1 (34 → 32 events), incident-then-retry 2 → 1 (12b + operator-update-not-last-task),
 *   instance-migration-modification 4 + 4 → 1 + 1 (its two runs), instance-migration-message 3 + 2 → 1 + 1,
 *   dossier-apology-calendar 3 → 1 (12b + calendar-changed + apology-follows-calendar); timer-intermediate stays 1.
 * - PATCH_SET_2026_12B_PATCH: FOLDED_PATCHES + FOLDED_PATCHES_2 (the timer run's arming task).
 * - PATCH_SET_2026_12_PATCH: FOLDED_PATCHES.
 * Every place that asks a patch goes through RunPatches.has (also outside this module: the handlers of
 * updates and signals, DeliveredOnce, DossierSteps, calendar-changes, RuntimeTimers), so a folded id is
 * never asked with a raw `patched()` in a run that took a set standing for it.
 *
 * Deterministic workflow code.
 */
import { patched } from '@temporalio/workflow';
import { CALENDAR_CHANGED_PATCH } from './calendar-changes';
import { DOSSIER_STEP_GUARD_PATCH } from './dossier-steps';
import { INLINE_STEPS_PATCH, LOCAL_SERVICE_TASKS_PATCH, LOCAL_STEP_BATCHES_PATCH } from './runtime-jobs';
import { SERIAL_LOCAL_ACTIVITIES_PATCH } from './local-chain';
import { POISON_INCIDENTS_PATCH } from './poison-guard';
import {
  ACTIVITY_DEFAULT_FLOW_PATCH,
  ACTIVITY_QUANTITIES_PATCH,
  C8_NULL_CONDITIONS_PATCH,
  DELIVERED_ONCE_PATCH,
  DOSSIER_APOLOGY_FOLLOWS_CALENDAR_PATCH,
  DOSSIER_APOLOGY_TIMER_PATCH,
  DOSSIER_MIGRATION_BEFORE_RECEIPT_PATCH,
  DOSSIER_RESUBMISSION_ONLY_PATCH,
  ESCALATE_TO_PARENT_PATCH,
  INSTANCE_MIGRATION_PATCH,
  INSTANCE_MODIFICATION_PATCH,
  LOOP_VALUE_INCIDENTS_PATCH,
  MIGRATION_HOLDS_EVENTS_PATCH,
  ONE_WRITE_HANDOFF_PATCH,
  OPERATOR_UPDATE_NOT_LAST_TASK_PATCH,
  PATCH_SET_2026_12_PATCH,
  PATCH_SET_2026_12B_PATCH,
  PATCH_SET_2026_12C_PATCH,
  PROGRESS_AFTER_TIMER_PATCH,
  PROGRESS_ON_WAIT_PATCH,
  RECEIPT_LIMIT_SERIAL_DUE_PATCH,
  SERIAL_DUE_PATCH,
  THROW_STARTS_PATCH,
  WORKFLOW_CALENDAR_PATCH,
} from './runtime-patches';

/** the patches PATCH_SET_2026_12_PATCH stands for (never change this list: recorded runs rely on it) */
export const FOLDED_PATCHES: ReadonlySet<string> = new Set([
  PROGRESS_ON_WAIT_PATCH,
  SERIAL_LOCAL_ACTIVITIES_PATCH,
  POISON_INCIDENTS_PATCH,
  ESCALATE_TO_PARENT_PATCH,
  C8_NULL_CONDITIONS_PATCH,
  ACTIVITY_DEFAULT_FLOW_PATCH,
  THROW_STARTS_PATCH,
  ACTIVITY_QUANTITIES_PATCH,
  LOOP_VALUE_INCIDENTS_PATCH,
  LOCAL_SERVICE_TASKS_PATCH,
  LOCAL_STEP_BATCHES_PATCH,
  SERIAL_DUE_PATCH,
  DOSSIER_STEP_GUARD_PATCH,
  DOSSIER_APOLOGY_TIMER_PATCH,
  DOSSIER_RESUBMISSION_ONLY_PATCH,
  RECEIPT_LIMIT_SERIAL_DUE_PATCH,
  // new with the set: runs before it never computed a step in the workflow
  INLINE_STEPS_PATCH,
]);

/**
 * the patches PATCH_SET_2026_12B_PATCH stands for besides FOLDED_PATCHES: the ones a new timer run asked on its
 * own in the workflow task that arms its timer (never change this list either)
 */
export const FOLDED_PATCHES_2: ReadonlySet<string> = new Set([WORKFLOW_CALENDAR_PATCH, PROGRESS_AFTER_TIMER_PATCH]);

/**
 * the patches PATCH_SET_2026_12C_PATCH stands for besides FOLDED_PATCHES and FOLDED_PATCHES_2: every other patch in
 * force when it was added (never change this list either; a patch added later is asked on its own)
 */
export const FOLDED_PATCHES_3: ReadonlySet<string> = new Set([
  CALENDAR_CHANGED_PATCH,
  INSTANCE_MIGRATION_PATCH,
  INSTANCE_MODIFICATION_PATCH,
  DOSSIER_MIGRATION_BEFORE_RECEIPT_PATCH,
  MIGRATION_HOLDS_EVENTS_PATCH,
  DELIVERED_ONCE_PATCH,
  ONE_WRITE_HANDOFF_PATCH,
  DOSSIER_APOLOGY_FOLLOWS_CALENDAR_PATCH,
  OPERATOR_UPDATE_NOT_LAST_TASK_PATCH,
]);

/** how a module outside this one asks a patch of its run (RunPatches.has) */
export interface PatchAsker {
  has(id: string): boolean;
}

export class RunPatches implements PatchAsker {
  /** the run took PATCH_SET_2026_12C_PATCH (asked first, at the start of the run) */
  readonly folded3: boolean;
  /** the run took PATCH_SET_2026_12B_PATCH, or the third set that stands for it */
  readonly folded2: boolean;
  /** the run took PATCH_SET_2026_12_PATCH, or a later set that stands for it */
  readonly folded: boolean;

  constructor() {
    // the newest set first: a run that took it never asks an older one (one marker); a history recorded
    // before it has no such marker, so replaying answers false and asks the older sets as they were recorded
    this.folded3 = patched(PATCH_SET_2026_12C_PATCH);
    this.folded2 = this.folded3 || patched(PATCH_SET_2026_12B_PATCH);
    this.folded = this.folded2 || patched(PATCH_SET_2026_12_PATCH);
  }

  /** `patched(id)` for this run: true without a marker of its own when a set it took stands for it */
  has(id: string): boolean {
    return (
      (this.folded && FOLDED_PATCHES.has(id)) ||
      (this.folded2 && FOLDED_PATCHES_2.has(id)) ||
      (this.folded3 && FOLDED_PATCHES_3.has(id)) ||
      patched(id)
    );
  }
}

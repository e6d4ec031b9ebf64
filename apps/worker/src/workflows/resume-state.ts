import type { WorkingTimerSpec } from './calendar-changes';
import type { DossierResumeState } from './dossier-steps';
import type { AdapterIncident } from './poison-guard';

/** What runProcess carries across continueAsNew in `RunProcessInput.resumeState`. */
export interface OpenTask {
  taskId: string;
  elementId: string;
}

export interface ResumeState {
  /** engine.snapshot() */
  engine: unknown;
  /** open incidents raised by the adapter (poison-guard.ts), not part of the engine state */
  adapterIncidents?: AdapterIncident[];
  /** timerId → instant it fires (already computed, so it is not recomputed) */
  timers: Record<string, string>;
  /** timerId → how a pending working-time timer's instant was computed (a calendar change recomputes it) */
  workingTimers?: Record<string, WorkingTimerSpec>;
  /** user tasks whose inbox rows exist and which wait for completeTask */
  openTasks: OpenTask[];
  /** recently completed task ids: a repeated completeTask answers `completed: false` */
  completedTasks: string[];
  /** ids of the messages / signals received (delivered-once.ts): a repeated delivery is ignored */
  deliveredIds?: string[];
  /** dossier runs: received / code set / paused clock */
  dossier?: DossierResumeState;
}

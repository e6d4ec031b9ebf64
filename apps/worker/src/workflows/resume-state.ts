import type { EngineEvent } from '@tthc/engine';
import type { WorkingTimerSpec } from './calendar-changes';
import type { DossierResumeState } from './dossier-steps';
import type { AdapterIncident } from './poison-guard';

/** An event from outside the run that a pending migration holds for the migrated run (MIGRATION_HOLDS_EVENTS_PATCH). */
export type HeldEvent = Extract<EngineEvent, { kind: 'messageReceived' | 'signalReceived' | 'timerFired' | 'cancel' }>;

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
  /** events received while the migration that started this run was pending: the run receives them first */
  heldEvents?: HeldEvent[];
  /** dossier runs: received / code set / paused clock */
  dossier?: DossierResumeState;
}

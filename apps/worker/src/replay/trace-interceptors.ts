/**
 * Workflow interceptor module of the TRACE bundle only (never of the bundle that runs
 * dossiers): while a history is replayed, every activity the workflow code schedules —
 * `recordProgress` (the interpreter's state after each burst of events), `createUserTask`,
 * `closeUserTask` — is handed out of the sandbox through a sink called during replay.
 * It observes the calls and passes them on unchanged, so the commands (and the determinism
 * verdict) are the same as without it. Runs inside the workflow sandbox: no Node APIs.
 */
import { proxySinks, workflowInfo, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export interface TracedCall {
  /** activity type */
  type: string;
  /** its first argument */
  input: unknown;
  /** history length when the current workflow task started */
  eventId: number;
  /** workflow time (the task's start) */
  at: string;
}

export interface ReplayTraceSinks extends Sinks {
  replayTrace: { call(call: TracedCall): void };
}

const TRACED = new Set(['recordProgress', 'createUserTask', 'closeUserTask']);
const { replayTrace } = proxySinks<ReplayTraceSinks>();

function record(type: string, args: unknown[]): void {
  if (!TRACED.has(type)) return;
  replayTrace.call({ type, input: args[0], eventId: workflowInfo().historyLength, at: new Date().toISOString() });
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity(input, next) {
        record(input.activityType, input.args);
        return next(input);
      },
      scheduleLocalActivity(input, next) {
        // a local activity retried after a backoff is scheduled again: record the first attempt only
        if (input.attempt <= 1) record(input.activityType, input.args);
        return next(input);
      },
    },
  ],
});

/** What replayInParallel (parallel-replay.ts) and its replay processes (replay-child.ts) tell each other over IPC. */

/** parent → child */
export type ToReplayChild =
  /** first message: the workflow bundle's code (its source map is inline) and how many lanes to run */
  | { type: 'start'; code: string; replayName: string; lanes: number }
  /** one history to replay, encoded as a temporal.api.history.v1.History */
  | { type: 'history'; workflowId: string; history: Uint8Array }
  /** no more histories: finish those received, then exit */
  | { type: 'end' };

/** the error of a replay, as its class name and message (rebuilt as that class by the parent) */
export interface ReplayErrorMessage {
  name: 'DeterminismViolationError' | 'ReplayError';
  message: string;
}

/** child → parent */
export type FromReplayChild =
  | { type: 'result'; workflowId: string; runId: string; error?: ReplayErrorMessage }
  /** every history received was replayed and its result sent; the child exits when the parent disconnects */
  | { type: 'done' }
  /** a lane failed outside any one history (the replay worker itself); the child exits non-zero after it */
  | { type: 'failed'; message: string };

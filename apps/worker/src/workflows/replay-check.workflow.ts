import { proxyActivities } from '@temporalio/workflow';
import type { ReplayActivities, ReplayCheckInput, ReplayCheckResult } from '@tthc/contracts';

const replay = proxyActivities<ReplayActivities>({
  // bundling the workflow code the first time takes a while on a busy machine
  startToCloseTimeout: '5 minutes',
  // a worker that died mid-replay is retried once; a verdict or a bad history is final
  retry: { maximumAttempts: 2 },
});

/**
 * The determinism check (issue 13): one activity replays the history in a worker process
 * with the worker's own workflow bundle. Started by the API (REPLAY_CHECK_WORKFLOW).
 */
export async function replayDeterminismCheck(input: ReplayCheckInput): Promise<ReplayCheckResult> {
  return replay.replayHistory(input);
}

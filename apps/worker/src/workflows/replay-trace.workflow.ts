import { proxyActivities } from '@temporalio/workflow';
import type { ReplayTrace, ReplayTraceActivities, ReplayTraceInput } from '@tthc/contracts';

const trace = proxyActivities<ReplayTraceActivities>({
  // bundling the trace bundle the first time takes a while on a busy machine
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 2 },
});

/**
 * The replay view (issue 13): one activity replays the history in a worker process with the
 * worker's workflow code and an observing interceptor, and returns what the code recorded at
 * each step. Started by the API (REPLAY_TRACE_WORKFLOW).
 */
export async function replayTrace(input: ReplayTraceInput): Promise<ReplayTrace> {
  return trace.traceHistory(input);
}

/**
 * Workflow bundle for benchmarks W1/W3: the product's runProcess plus the hand-written
 * baselines, which call the very same `runServiceTask` activity (type noop) with the
 * same options, so the only difference measured is the interpreter.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { ProcessActivities } from '@tthc/contracts';

export { runProcess } from '@tthc/worker-app/src/workflows';

const { runServiceTask } = proxyActivities<ProcessActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 3, initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

function step(i: number) {
  return runServiceTask({ instanceId: 'baseline', elementId: `task${i}`, taskType: 'noop', variables: {} });
}

/** W1 baseline: n activities in sequence */
export async function baselineSequence(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await step(i);
}

/** W3 baseline: n activities in parallel, joined */
export async function baselineParallel(n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, (_, i) => step(i)));
}

/**
 * Workflow bundle for benchmarks W1/W3: the product's runProcess plus the hand-written
 * baselines, written the way a Temporal expert would for this load (performance.md): no-op
 * work as LOCAL activities — the very same `runServiceTask` handler the product calls — so
 * the only difference measured is the interpreter. `*Durable` variants keep the old
 * baseline (one server activity per step) for comparison.
 */
import { proxyActivities, proxyLocalActivities, type RetryPolicy } from '@temporalio/workflow';
import type { ProcessActivities } from '@tthc/contracts';

// every workflow of the product (W5 replays the whole committed corpus, e.g. the migrateBatch history, with this bundle)
export * from '@tthc/worker-app/src/workflows';

const retry: RetryPolicy = { maximumAttempts: 3, initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' };
const local = proxyLocalActivities<ProcessActivities>({ startToCloseTimeout: '1 minute', retry });
const durable = proxyActivities<ProcessActivities>({ startToCloseTimeout: '5 minutes', retry });

const input = (i: number) => ({ instanceId: 'baseline', elementId: `task${i}`, taskType: 'noop', variables: {} });

/** W1 baseline: n local activities in sequence */
export async function baselineSequence(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await local.runServiceTask(input(i));
}

/** W3 baseline: n local activities in parallel, joined */
export async function baselineParallel(n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, (_, i) => local.runServiceTask(input(i))));
}

/** the previous W1 baseline: n server activities in sequence */
export async function baselineSequenceDurable(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await durable.runServiceTask(input(i));
}

/**
 * Activity stubs used by the runProcess workflow. Inbox writes are ordinary activities
 * (durable, retried until the database answers); bookkeeping that only reads/writes our
 * own database quickly (progress projection, due dates, definition lookup) runs as local
 * activities, which cost no extra server round trip — this keeps the interpreter within
 * the W1 budget (performance.md).
 */
import { proxyActivities, proxyLocalActivities, type ActivityInterfaceFor } from '@temporalio/workflow';
import type { ProcessActivities } from '@tthc/contracts';

export const inbox = proxyActivities<ProcessActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export const local = proxyLocalActivities<ProcessActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const serviceProxies = new Map<number, ActivityInterfaceFor<ProcessActivities>>();

/** Camunda's `retries` = total attempts (default 3); after the last one the job fails → incident. */
export function serviceTasks(retries: number | undefined): ActivityInterfaceFor<ProcessActivities> {
  const attempts = Math.max(1, retries ?? 3);
  let proxy = serviceProxies.get(attempts);
  if (!proxy) {
    proxy = proxyActivities<ProcessActivities>({
      startToCloseTimeout: '5 minutes',
      retry: {
        maximumAttempts: attempts,
        initialInterval: '500 milliseconds',
        backoffCoefficient: 2,
        maximumInterval: '1 minute',
        // no nonRetryableErrorTypes: BPMN errors, unknown types and configuration errors are thrown
        // as non-retryable failures already, and the list would be repeated in every scheduled event
      },
    });
    serviceProxies.set(attempts, proxy);
  }
  return proxy;
}

/**
 * The dossier activities (step guard, clock resume, late receipt): an officer waits on the guard
 * (the completeTask update), so few quick retries; a refusal (STEP_REFUSED) is non-retryable.
 */
const DOSSIER_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds', maximumAttempts: 4 },
} as const;
export const dossierActivities = proxyActivities<ProcessActivities>(DOSSIER_OPTIONS);

/**
 * The step guard as a local activity (runs after `tthc-one-write-handoff`): it only reads and writes our
 * database (and renders a notice, ≈ 40 ms), idempotent by task id, so it runs in the update's own
 * workflow task — no activity task and no second workflow task per completion. Same retries.
 */
export const dossierLocal = proxyLocalActivities<ProcessActivities>(DOSSIER_OPTIONS);

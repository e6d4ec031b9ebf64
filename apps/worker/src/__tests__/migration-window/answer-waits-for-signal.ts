/**
 * Workflow interceptor of a TEST bundle only (never of the bundle that runs dossiers): widens the
 * window between a migration's answer and its continue-as-new — in production one workflow task
 * wide, hit only by bad luck — so a test can put an event into it. The migrateInstance handler runs
 * as always (the migration is pending when it returns); the update then finishes only after the
 * next signal the run receives, and the run continues as new once every handler has finished.
 * Runs inside the workflow sandbox: no Node APIs.
 */
import { condition, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { MIGRATE_INSTANCE_UPDATE } from '@tthc/contracts';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let signals = 0;
  return {
    inbound: [
      {
        async handleSignal(input, next) {
          await next(input);
          signals++;
        },
        async handleUpdate(input, next) {
          const result = await next(input);
          if (input.name === MIGRATE_INSTANCE_UPDATE) {
            const seen = signals;
            await condition(() => signals > seen);
          }
          return result;
        },
      },
    ],
  };
};

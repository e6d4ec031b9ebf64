import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { join } from 'node:path';

/** the runProcess workflow bundle entry */
export const WORKFLOWS_PATH = join(__dirname, '..', 'workflows', 'index.ts');

const cache = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundles workflow code with webpack (once per path and process). `@tthc/*` resolve via
 * the npm workspace symlinks to the libraries' TypeScript sources, which Temporal's
 * bundler compiles with SWC like any workflow file.
 */
export function bundleWorkflows(workflowsPath = WORKFLOWS_PATH): Promise<WorkflowBundleWithSourceMap> {
  let bundle = cache.get(workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
    cache.set(workflowsPath, bundle);
  }
  return bundle;
}


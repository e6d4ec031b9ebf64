import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { join } from 'node:path';

/** the runProcess workflow bundle entry */
export const WORKFLOWS_PATH = join(__dirname, '..', 'workflows', 'index.ts');

const cache = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundles workflow code with webpack (once per path, interceptor modules and process).
 * `@tthc/*` resolve via the npm workspace symlinks to the libraries' TypeScript sources,
 * which Temporal's bundler compiles with SWC like any workflow file. `interceptorModules`
 * (the replay trace) make a separate bundle: the one that runs dossiers has none.
 */
export function bundleWorkflows(workflowsPath = WORKFLOWS_PATH, interceptorModules: string[] = []): Promise<WorkflowBundleWithSourceMap> {
  const key = [workflowsPath, ...interceptorModules].join('\n');
  let bundle = cache.get(key);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN'), ...(interceptorModules.length ? { workflowInterceptorModules: interceptorModules } : {}) });
    cache.set(key, bundle);
  }
  return bundle;
}

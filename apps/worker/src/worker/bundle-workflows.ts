import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { join } from 'node:path';

/** the runProcess workflow bundle entry */
export const WORKFLOWS_PATH = join(__dirname, '..', 'workflows', 'index.ts');

/**
 * Libraries evaluated once per workflow thread and shared by every run in it (the SDK's reusable V8
 * context). Without this, each new run — and each history a replay worker replays — evaluated the
 * whole module graph of the interpreter again: FEEL (feelin, lezer), temporal-polyfill, the engine;
 * ~2/3 of a ten-step run's workflow-thread CPU (W1/W5, docs/worker.md "Benchmarks"). Only pure
 * libraries without per-run state belong here: they load before any workflow exists (no workflow
 * API at module scope) and the SDK deep-freezes their exports. The engine's two module-level
 * variables (the FEEL clock and budget) are set and restored around each synchronous evaluation.
 * The calendar's two modules the workflow imports by deep path (pinned-calendar.ts: working-time
 * instants from the pinned calendar, W4) hold no module state either; a run's WorkingCalendar is
 * its own instance.
 *
 * The workflow entry itself (`workflowsPath`, and so every workflow file it imports) is preloaded
 * too (session 8): each run used to evaluate our ~25 workflow modules again — their classes, closures
 * and hidden classes per run, ≈ 150 → 64 KiB of heap per cached run (W4 keeps 10,000 runs waiting)
 * and one shape per class per run for every property access. They hold no per-run state at module
 * scope: only activity proxies, signal/query/update definitions, constants, and two caches of
 * stateless proxies, a WeakMap keyed by the run's own runtime and a memo of calendars keyed by their
 * snapshot's whole content (pinned-calendar.ts); every run's state lives in the objects runProcess
 * creates. A module-scope variable that a run writes does not belong in them.
 */
export const SHARED_WORKFLOW_MODULES = ['@tthc/engine', '@tthc/contracts', '@tthc/calendar/src/calendar-snapshot', '@tthc/calendar/src/compute-due'];

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
    bundle = bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN'), preloadModules: [...SHARED_WORKFLOW_MODULES, workflowsPath], ...(interceptorModules.length ? { workflowInterceptorModules: interceptorModules } : {}) });
    cache.set(key, bundle);
  }
  return bundle;
}

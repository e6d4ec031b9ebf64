import type { ServiceTaskInput } from '@tthc/contracts';

export interface ServiceTaskContext {
  input: ServiceTaskInput;
  headers: Record<string, string>;
  /** aborted when Temporal cancels the activity (boundary event, instance cancelled) */
  signal: AbortSignal;
}

/** returns the variables to merge into the process (or nothing) */
export type ServiceTaskHandler = (ctx: ServiceTaskContext) => Promise<Record<string, unknown> | void>;

/**
 * A handler with its execution flag. `local: true` = short, in-process work (no-op, data mapping,
 * our own built-ins): the workflow runs it as a Temporal local activity in the worker that runs the
 * workflow (a marker in history, no server round trip). Otherwise it is durable work (external
 * calls, long jobs): a normal activity, retried by the server. An element overrides it with
 * `tthc:execution="local|activity"` (docs/worker.md, "Cheap steps").
 */
export interface ServiceTaskDefinition {
  handler: ServiceTaskHandler;
  local: boolean;
}

/** by task type; a bare handler is durable work (the safe default for code we do not know) */
export type ServiceTaskRegistry = Record<string, ServiceTaskHandler | ServiceTaskDefinition>;

export function serviceTaskDefinition(entry: ServiceTaskHandler | ServiceTaskDefinition): ServiceTaskDefinition {
  return typeof entry === 'function' ? { handler: entry, local: false } : entry;
}

import type { ServiceTaskInput } from '@tthc/contracts';

export interface ServiceTaskContext {
  input: ServiceTaskInput;
  headers: Record<string, string>;
  /** aborted when Temporal cancels the activity (boundary event, instance cancelled) */
  signal: AbortSignal;
}

/** returns the variables to merge into the process (or nothing) */
export type ServiceTaskHandler = (ctx: ServiceTaskContext) => Promise<Record<string, unknown> | void>;

export type ServiceTaskRegistry = Record<string, ServiceTaskHandler>;

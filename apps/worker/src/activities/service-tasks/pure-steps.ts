/**
 * The built-in step types whose result is a pure function of the task's headers: no I/O, no clock,
 * no randomness, nothing from the worker. Runs started after the `tthc-inline-steps` patch compute
 * them in the workflow itself (runtime-jobs.ts): no local activity, no marker, no round trip — the
 * cheapest step there is (W1/W3 in performance.md). The registry (default-registry.ts) runs the same
 * functions as local activities for runs before the patch and for elements with `tthc:execution`.
 *
 * Workflow code imports this file: keep it deterministic and free of Node APIs. What a step returns
 * is part of how a recorded run replays — changing it needs a patch (docs/worker.md "Cheap steps").
 * These type names are reserved: a registry entry of the same name is not asked for new runs.
 */
import { ApplicationFailure } from '@temporalio/common';
import { headerValue, headersAsVariables } from './header-variables.util';

/** a pure step: the variables it sets, from the task's headers (throws on a bad configuration) */
export type PureStep = (headers: Record<string, string>) => Record<string, unknown>;

/**
 * Sets variables from its configuration: header `variables` (a JSON object) and every
 * other header as one variable (JSON-parsed when it parses).
 */
export function setVariables(headers: Record<string, string>): Record<string, unknown> {
  const fromJson = headers.variables ? headerValue(headers.variables) : {};
  if (typeof fromJson !== 'object' || fromJson === null || Array.isArray(fromJson)) {
    throw ApplicationFailure.nonRetryable('header "variables" must be a JSON object', 'TaskConfiguration');
  }
  return { ...(fromJson as Record<string, unknown>), ...headersAsVariables(headers, ['variables']) };
}

/** does nothing (pass-through automation, benchmarks) */
export const noop: PureStep = () => ({});

/** by task type */
export const PURE_STEPS: Readonly<Record<string, PureStep>> = Object.freeze({ noop, echo: setVariables, 'set-variables': setVariables });

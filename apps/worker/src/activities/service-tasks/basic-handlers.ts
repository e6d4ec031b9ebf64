import { ApplicationFailure } from '@temporalio/common';
import { bpmnError } from './bpmn-error.util';
import { headerValue, headersAsVariables } from './header-variables.util';
import type { ServiceTaskHandler } from './service-task.types';

/** does nothing (used by benchmarks and pass-through automation) */
export const noopHandler: ServiceTaskHandler = async () => ({});

/**
 * Sets variables from its configuration: header `variables` (a JSON object) and every
 * other header as one variable (JSON-parsed when it parses).
 */
export const setVariablesHandler: ServiceTaskHandler = async ({ headers }) => {
  const fromJson = headers.variables ? headerValue(headers.variables) : {};
  if (typeof fromJson !== 'object' || fromJson === null || Array.isArray(fromJson)) {
    throw ApplicationFailure.nonRetryable('header "variables" must be a JSON object', 'TaskConfiguration');
  }
  return { ...(fromJson as Record<string, unknown>), ...headersAsVariables(headers, ['variables']) };
};

/**
 * Fails, for incident and error-boundary tests and for operators' drills:
 * - header `errorCode` → throws that BPMN error (catchable by an error boundary event);
 * - otherwise a technical failure (retried, then an incident) with header `message`,
 *   unless the variable named by header `unlessVariable` is truthy (so an operator can
 *   fix the variables and retry the incident).
 */
export const failHandler: ServiceTaskHandler = async ({ input, headers }) => {
  if (headers.unlessVariable && input.variables[headers.unlessVariable]) return {};
  if (headers.errorCode) throw bpmnError(headers.errorCode, headers.message);
  throw ApplicationFailure.retryable(headers.message ?? `service task ${input.elementId} failed (type "fail")`, 'ServiceTaskFailed');
};

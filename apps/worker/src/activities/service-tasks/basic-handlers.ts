import { ApplicationFailure } from '@temporalio/common';
import { bpmnError } from './bpmn-error.util';
import { noop, setVariables } from './pure-steps';
import type { ServiceTaskHandler } from './service-task.types';

/** does nothing (used by benchmarks and pass-through automation) */
export const noopHandler: ServiceTaskHandler = async () => noop({});

/** header `variables` (a JSON object) and every other header as variables (pure-steps.ts) */
export const setVariablesHandler: ServiceTaskHandler = async ({ headers }) => setVariables(headers);

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

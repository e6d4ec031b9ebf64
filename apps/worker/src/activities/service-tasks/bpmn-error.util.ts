import { ApplicationFailure } from '@temporalio/common';
import { BPMN_ERROR_FAILURE, TASK_CONFIGURATION_FAILURE, type BpmnErrorDetails } from '../../workflows/failure-types';

/** A business error the process may catch with an error boundary event (never retried). */
export function bpmnError(errorCode: string, message?: string, variables?: Record<string, unknown>): ApplicationFailure {
  const details: BpmnErrorDetails = { errorCode, message, variables };
  return ApplicationFailure.create({ type: BPMN_ERROR_FAILURE, message: message ?? `BPMN error ${errorCode}`, nonRetryable: true, details: [details] });
}

/** The task is configured wrongly (missing header…): retrying cannot help → incident at once. */
export function configurationError(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: TASK_CONFIGURATION_FAILURE, message, nonRetryable: true });
}

/**
 * ApplicationFailure types shared by activities and the workflow (kept here, in pure
 * workflow code, so activities may import it but the workflow never imports activity code).
 */
/** a service task handler threw a BPMN error: details[0] = { errorCode, message?, variables? } */
export const BPMN_ERROR_FAILURE = 'BpmnError';
/** no handler is registered for the task type: fails at once, raises an incident */
export const UNKNOWN_TASK_TYPE_FAILURE = 'UnknownTaskType';
/** a handler's configuration is wrong (missing header…): retrying cannot help */
export const TASK_CONFIGURATION_FAILURE = 'TaskConfiguration';

export interface BpmnErrorDetails {
  errorCode: string;
  message?: string;
  variables?: Record<string, unknown>;
}

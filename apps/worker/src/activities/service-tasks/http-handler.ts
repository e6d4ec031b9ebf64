import { ApplicationFailure } from '@temporalio/common';
import { bpmnError, configurationError } from './bpmn-error.util';
import type { ServiceTaskHandler } from './service-task.types';

/**
 * Calls an HTTP endpoint (an external system: payment, national public-service portal…).
 * Headers: `url` (required), `method` (default POST), `resultVariable` (store the JSON
 * response under this name; default: merge a JSON object response into the variables),
 * `errorCodeOn4xx` (throw this BPMN error on a 4xx answer instead of an incident).
 * Body: the task's input variables as JSON. 5xx and network errors are retried.
 */
export const httpHandler: ServiceTaskHandler = async ({ input, headers, signal }) => {
  const url = headers.url;
  if (!url) throw configurationError(`service task ${input.elementId}: header "url" is required for type "http"`);
  const method = (headers.method ?? 'POST').toUpperCase();
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: method === 'GET' || method === 'HEAD' ? undefined : JSON.stringify(input.variables),
    signal,
  });
  const text = await response.text();
  if (response.status >= 400 && response.status < 500) {
    const message = `${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`;
    if (headers.errorCodeOn4xx) throw bpmnError(headers.errorCodeOn4xx, message);
    throw ApplicationFailure.nonRetryable(message, 'HttpClientError');
  }
  if (!response.ok) throw ApplicationFailure.retryable(`${method} ${url} answered ${response.status}`, 'HttpServerError');
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (headers.resultVariable) return { [headers.resultVariable]: body };
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
};

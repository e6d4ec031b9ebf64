import { failHandler, noopHandler, setVariablesHandler } from './basic-handlers';
import { httpHandler } from './http-handler';
import type { ServiceTaskRegistry } from './service-task.types';

/**
 * Built-in service task types (BPMN `tthc:taskType` / `zeebe:taskDefinition type`). The in-process
 * ones are `local` (a local activity: no server round trip); `http` talks to another system and
 * stays a durable activity with server-side retries.
 */
export function defaultServiceTasks(): ServiceTaskRegistry {
  return {
    noop: { handler: noopHandler, local: true },
    echo: { handler: setVariablesHandler, local: true },
    'set-variables': { handler: setVariablesHandler, local: true },
    fail: { handler: failHandler, local: true },
    http: { handler: httpHandler, local: false },
  };
}

import { failHandler, noopHandler, setVariablesHandler } from './basic-handlers';
import { httpHandler } from './http-handler';
import type { ServiceTaskRegistry } from './service-task.types';

/** Built-in service task types (BPMN `tthc:taskType` / `zeebe:taskDefinition type`). */
export function defaultServiceTasks(): ServiceTaskRegistry {
  return {
    noop: noopHandler,
    echo: setVariablesHandler,
    'set-variables': setVariablesHandler,
    fail: failHandler,
    http: httpHandler,
  };
}

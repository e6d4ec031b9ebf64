export { createActivities, createWorkerActivities, type ActivityDeps } from './create-activities';
export type { WarmUpReport } from './dossier-steps';
export { defaultServiceTasks } from './service-tasks/default-registry';
export type { ServiceTaskHandler, ServiceTaskRegistry, ServiceTaskContext, ServiceTaskDefinition } from './service-tasks/service-task.types';
export { serviceTaskDefinition } from './service-tasks/service-task.types';
export { bpmnError, configurationError } from './service-tasks/bpmn-error.util';
export { vietnameseCalendarDue, type DueCalculator } from './due/compute-due';
export { databaseCalendarDue } from './due/database-calendar-due';
export { CALENDAR_CHECK_EVERY_MS, workerCalendar, type WorkerCalendar } from './due/worker-calendar';

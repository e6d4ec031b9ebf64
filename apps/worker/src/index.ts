export { createWorker, type CreateWorkerOptions, type RunningWorker } from './worker/create-worker';
export { bundleWorkflows, WORKFLOWS_PATH } from './worker/bundle-workflows';
export { workerConfigFromEnv, workerDbPoolFromEnv, type WorkerConfig } from './worker/worker-config';
export * from './activities';

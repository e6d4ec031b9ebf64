// Entry point of the workflow bundle (bundleWorkflowCode({ workflowsPath })).
export { runProcess } from './run-process.workflow';
export { replayDeterminismCheck } from './replay-check.workflow';
export { replayTrace } from './replay-trace.workflow';
export { migrateBatch } from './migrate-batch.workflow';

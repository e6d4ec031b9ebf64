export * from './api';
export { ProcessEngine } from './engine';
export type { StartOptions } from './engine';
export { EngineError } from './errors';
export type { EngineState } from './state';
export { startTriggers } from './start-triggers';
export type { StartTrigger } from './start-triggers';
export { FEEL_LIMITS } from './feel-limits';
export { MAX_MULTI_INSTANCES } from './multi-instance';

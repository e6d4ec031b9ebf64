export * from './api';
export { ProcessEngine } from './engine';
export type { StartOptions } from './engine';
export { EngineError } from './errors';
export type { EngineState } from './state';
export { startTriggers } from './start-triggers';
export type { StartTrigger } from './start-triggers';

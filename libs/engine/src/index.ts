export * from './api';
export { ProcessEngine } from './engine';
export type { StartOptions } from './engine';
export { EngineError } from './errors';
export type { EngineState } from './state';

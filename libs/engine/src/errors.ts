/** Misuse of the engine API (not a BPMN-level failure: those become incidents). */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

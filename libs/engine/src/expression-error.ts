/** a FEEL expression failed (syntax, evaluation, a limit): the engine turns it into an incident */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

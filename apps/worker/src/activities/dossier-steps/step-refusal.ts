import { ApplicationFailure } from '@temporalio/activity';
import { STEP_REFUSED_FAILURE, type StepRefusal, type StepRefusalCode } from '@tthc/contracts';

/** A refused step: the activity fails non-retryably, the update fails with it, the task stays open. */
export class StepRefusedError extends Error {
  constructor(
    readonly code: StepRefusalCode,
    message: string,
    readonly items?: StepRefusal['items'],
  ) {
    super(message);
    this.name = 'StepRefusedError';
  }

  toFailure(step: string, taskId: string): ApplicationFailure {
    const refusal: StepRefusal = { code: this.code, message: this.message, step, taskId, ...(this.items?.length ? { items: this.items } : {}) };
    return ApplicationFailure.create({ type: STEP_REFUSED_FAILURE, message: this.message, details: [refusal], nonRetryable: true });
  }
}

export function refuse(code: StepRefusalCode, message: string, items?: StepRefusal['items']): never {
  throw new StepRefusedError(code, message, items);
}

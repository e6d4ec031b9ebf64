import { InstanceOperationErrorCode, type ErrorCode } from '@tthc/contracts';
import { ApiError } from '../../common/errors/api-error';

/** the codes live in @tthc/contracts: the worker's batch migration records the same ones */
export { InstanceOperationErrorCode };

function assertUnreachable(x: never): never {
  throw new Error(`unmapped instance operation error ${String(x)}`);
}

function statusOf(code: InstanceOperationErrorCode): number {
  switch (code) {
    case InstanceOperationErrorCode.TARGET_VERSION_NOT_FOUND:
      return 404;
    case InstanceOperationErrorCode.INSTANCE_NOT_RUNNING:
    case InstanceOperationErrorCode.ALREADY_ON_VERSION:
      return 409;
    case InstanceOperationErrorCode.MIGRATION_REFUSED:
    case InstanceOperationErrorCode.MODIFICATION_REFUSED:
      return 422;
    default:
      return assertUnreachable(code);
  }
}

/** The one mapping of instance operation refusals to the API's error body (status by an exhaustive switch). */
export class InstanceOperationError extends ApiError {
  constructor(code: InstanceOperationErrorCode, message: string, details?: unknown) {
    super(code as unknown as ErrorCode, message, details, statusOf(code));
    this.name = 'InstanceOperationError';
  }
}

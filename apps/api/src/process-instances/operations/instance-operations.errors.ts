import type { ErrorCode } from '@tthc/contracts';
import { ApiError } from '../../common/errors/api-error';

/** What migrating, modifying and retrying running instances refuses (docs/api.md "Operating instances"). */
export enum InstanceOperationErrorCode {
  /** an active element (or waiting event) has no mapping, or maps to an element of another type / scope; details.elementIds */
  MIGRATION_REFUSED = 'MIGRATION_REFUSED',
  /** a modification instruction is not allowed (start/boundary event target, nothing active, scope not active); details.problems */
  MODIFICATION_REFUSED = 'MODIFICATION_REFUSED',
  /** the instance has ended (or its workflow is gone) */
  INSTANCE_NOT_RUNNING = 'INSTANCE_NOT_RUNNING',
  /** the target version of the process does not exist */
  TARGET_VERSION_NOT_FOUND = 'TARGET_VERSION_NOT_FOUND',
  /** the instance already runs the target version */
  ALREADY_ON_VERSION = 'ALREADY_ON_VERSION',
}

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

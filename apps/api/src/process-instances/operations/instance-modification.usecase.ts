import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { MODIFY_INSTANCE_UPDATE, type ModificationInstruction, type ModificationProblem, type ModifyInstanceArgs, type ModifyInstanceResult } from '@tthc/contracts';
import { getInstance } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { AuthUser } from '../../common/auth/auth-user';
import { DATA_SOURCE } from '../../common/tokens';
import { TemporalGateway, UpdateRejectedError } from '../../temporal/temporal.gateway';
import { toInstanceView, type InstanceView } from '../instance-view';
import { loadOperable } from './instance-access';
import { InstanceOperationError, InstanceOperationErrorCode as Code } from './instance-operations.errors';

export interface ModifyCommand {
  instructions: ModificationInstruction[];
  reason: string;
}

/**
 * Token modification (issue 16 item 3): the workflow checks the instructions against its state
 * (libs/engine modification.ts — Camunda's restrictions) and applies them as one engine event;
 * the audit entry names who and why. The answer is the instance once its progress is written.
 */
@Injectable()
export class InstanceModificationUsecase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
  ) {}

  async modify(id: string, cmd: ModifyCommand, user: AuthUser): Promise<InstanceView> {
    const inst = await loadOperable(this.ds, id, user);
    if (inst.state !== 'ACTIVE') throw new InstanceOperationError(Code.INSTANCE_NOT_RUNNING, `the instance is ${inst.state}`);
    try {
      await this.temporal.operate<ModifyInstanceResult, ModifyInstanceArgs>(inst.workflowId, MODIFY_INSTANCE_UPDATE, { instructions: cmd.instructions, reason: cmd.reason, by: user.username });
    } catch (err) {
      if (err instanceof UpdateRejectedError) {
        const problems = Array.isArray(err.details) ? (err.details as ModificationProblem[]) : [];
        throw new InstanceOperationError(Code.MODIFICATION_REFUSED, `modification refused: ${err.message}`, { elementIds: problems.map((p) => p.elementId).filter(Boolean), problems });
      }
      if (err instanceof WorkflowNotFoundError) throw new InstanceOperationError(Code.INSTANCE_NOT_RUNNING, 'the instance is not running');
      throw err;
    }
    // the change lives in Temporal (applied above): the entry is written once it is there
    await this.audit.record({ actor: user.username, action: 'process-instance.modify', entity: 'process-instance', entityId: id, details: { reason: cmd.reason, instructions: cmd.instructions } });
    return toInstanceView((await getInstance(this.ds, id))!);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { DossierStatus, RESUBMISSION_MESSAGE } from '@tthc/contracts';
import { appendDossierEvent, inTransaction } from '@tthc/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hasRole, type AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { TemporalGateway } from '../temporal/temporal.gateway';
import { DossierAccess } from './dossier-access';
import { DossierError, DossierErrorCode } from './dossier.errors';

/**
 * The citizen's resubmission after a supplement request (status 5): from the portal for
 * the dossiers it submitted, or at the counter by an officer of the dossier's agency.
 * Delivers the `ho-so-bo-sung` message to the dossier's own workflow only (never a
 * broadcast) and records `dossier.resubmitted`. The clock is resumed by the workflow's
 * step effects, not here.
 */
@Injectable()
export class ResubmitDossierUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly temporal: TemporalGateway,
    private readonly access: DossierAccess,
  ) {}

  async execute(id: string, body: { note?: string }, user: AuthUser): Promise<{ id: string; delivered: true; messageId: string }> {
    const dossier = await this.access.load(id, user, 'read');
    if (!hasRole(user, 'portal', 'officer')) throw new DossierError(DossierErrorCode.ROLE_NOT_ALLOWED, 'a resubmission comes from the portal or the counter');
    if (dossier.status !== DossierStatus.SUPPLEMENT_REQUESTED) {
      throw new DossierError(DossierErrorCode.NOT_AWAITING_SUPPLEMENT, `dossier is not waiting for a supplement (status ${dossier.status})`, { status: dossier.status });
    }
    const messageId = randomUUID();
    try {
      await this.temporal.deliverMessage(`dossier/${dossier.id}`, {
        name: RESUBMISSION_MESSAGE,
        correlationKey: dossier.code ?? undefined,
        variables: { resubmittedBy: user.username, ...(body.note ? { resubmissionNote: body.note } : {}) },
        messageId,
      });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new DossierError(DossierErrorCode.NOT_RUNNING, 'the dossier’s workflow is not running');
      throw err;
    }
    await inTransaction(this.ds, (m) =>
      appendDossierEvent(m, dossier.id, {
        kind: 'dossier.resubmitted',
        actor: user.username,
        unit: hasRole(user, 'officer') ? dossier.receivingUnit : null,
        at: new Date(),
        payload: { messageId, channel: hasRole(user, 'portal') ? 2 : 1, note: body.note ?? null },
      }),
    );
    return { id: dossier.id, delivered: true, messageId };
  }
}

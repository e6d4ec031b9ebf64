import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DossierChannel, DossierView, RunProcessInput } from '@tthc/contracts';
import {
  createDossier,
  DossierComponentEntity,
  DossierEntity,
  DossierEventEntity,
  DossierProgressEntity,
  DossierSyncOutboxEntity,
  findUserByUsername,
  getDefinition,
  getProcedure,
  inTransaction,
  insertInstanceIn,
  listUnits,
  ProcessInstanceEntity,
} from '@tthc/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hasRole, type AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { CalendarService } from '../calendar/calendar.service';
import { TemporalGateway } from '../temporal/temporal.gateway';
import type { CreateDossierBody } from './create-dossier.command';
import { DossierError, DossierErrorCode } from './dossier.errors';
import { toDossierView } from './dossier-view';

const DEFAULT_RECEIVING_UNIT = 'MOTCUA';

/**
 * Registers a dossier — an online submission from the portal (channel 2) or a counter
 * intake by an officer of the receiving unit (channel 1, or 3 by post) — and starts its
 * workflow `dossier/<id>`.
 *
 * The process-instance row, the dossier row, its components, its first event and its first
 * progress record (+ outbox row) are written in ONE transaction before the start, so the
 * workflow always finds its dossier. If the start fails, a compensating transaction
 * removes all of it again (nothing half-written stays) — unless Temporal says the
 * execution exists after all (a start that timed out after reaching the server), in which
 * case the dossier is kept and returned.
 */
@Injectable()
export class CreateDossierUseCase {
  private readonly log = new Logger('dossiers');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly temporal: TemporalGateway,
    private readonly calendar: CalendarService,
  ) {}

  async execute(body: CreateDossierBody, user: AuthUser): Promise<DossierView> {
    const procedure = await getProcedure(this.ds, body.procedureCode);
    if (!procedure) throw new DossierError(DossierErrorCode.UNKNOWN_PROCEDURE, `procedure ${body.procedureCode} is not in the catalog`, { procedureCode: body.procedureCode });
    if (procedure.status !== 'published') {
      throw new DossierError(DossierErrorCode.PROCEDURE_NOT_PUBLISHED, `procedure ${procedure.code} is ${procedure.status}: it takes no new dossiers`, { procedureCode: procedure.code, status: procedure.status });
    }
    const def = await getDefinition(this.ds, procedure.processKey);
    if (!def) throw new DossierError(DossierErrorCode.PROCESS_NOT_DEPLOYED, `process ${procedure.processKey} of procedure ${procedure.code} is not deployed`);
    const channel = this.channelFor(body, user);
    const receivingUnit = await this.receivingUnitFor(body, user, procedure.agency);
    const units = await listUnits(this.ds, procedure.agency);
    const unitName = units.find((u) => u.code === receivingUnit)?.name ?? receivingUnit;

    const id = randomUUID();
    const instanceId = randomUUID();
    const workflowId = `dossier/${id}`;
    const at = new Date();
    // ChucDanh of the first progress record: the officer's title (chức danh) for a counter intake
    const handlerTitle = hasRole(user, 'portal') ? 'Cổng dịch vụ công' : ((await findUserByUsername(this.ds, user.username))?.title ?? 'Cán bộ tiếp nhận');
    const submittedAt = channel === 2 && body.submittedAt ? new Date(body.submittedAt) : at;
    const variables = { dossierId: id, procedureCode: procedure.code, channel, receivingUnit, applicantType: body.applicant.type };
    const summary = body.summary ?? procedure.name;
    const { dossier, components } = await inTransaction(this.ds, async (m) => {
      await insertInstanceIn(m, {
        id: instanceId,
        processKey: def.key,
        version: def.version,
        definitionId: def.id,
        businessKey: id,
        variables,
        agency: procedure.agency,
        startedBy: user.username,
        startedAt: at,
        workflowId,
        dossierId: id,
      });
      return createDossier(m, {
        id,
        procedureCode: procedure.code,
        components: procedure.components,
        processKey: def.key,
        definitionId: def.id,
        definitionVersion: def.version,
        instanceId,
        agency: procedure.agency,
        receivingUnit,
        channel,
        applicant: { ...body.applicant, phone: body.applicant.phone ?? null, email: body.applicant.email ?? null },
        summary,
        submittedAt,
        createdBy: user.username,
        at,
        progress: {
          actor: user.username,
          handler: user.fullName,
          handlerTitle,
          unitName,
          unit: hasRole(user, 'officer') ? receivingUnit : null,
          content: channel === 2 ? 'Nộp hồ sơ trực tuyến' : channel === 3 ? 'Nhận hồ sơ qua bưu chính công ích' : 'Nộp hồ sơ trực tiếp tại Bộ phận Một cửa',
          startedAt: submittedAt,
          dueAt: null,
        },
      });
    });
    const input: RunProcessInput = {
      definitionId: def.id,
      definitionHash: def.hash,
      processKey: def.key,
      version: def.version,
      instanceId,
      businessKey: id,
      variables,
      graph: def.graph,
      agency: procedure.agency,
      startedBy: user.username,
      dossierId: id,
    };
    try {
      Object.assign(input, await this.calendar.pinFor(input));
      await this.temporal.startProcess(workflowId, input);
    } catch (err) {
      if ((await this.temporal.exists(workflowId)) === true) {
        this.log.warn(`start of ${workflowId} reported ${(err as Error).message} but the execution exists: dossier kept`);
      } else {
        await this.compensate(id, instanceId);
        throw err;
      }
    }
    return toDossierView(dossier, procedure.name, components);
  }

  /** Removes what the creating transaction wrote (the workflow never started). */
  private async compensate(dossierId: string, instanceId: string): Promise<void> {
    await inTransaction(this.ds, async (m) => {
      await m.delete(DossierSyncOutboxEntity, { dossierId });
      await m.delete(DossierProgressEntity, { dossierId });
      await m.delete(DossierEventEntity, { dossierId });
      await m.delete(DossierComponentEntity, { dossierId });
      await m.delete(DossierEntity, { id: dossierId });
      await m.delete(ProcessInstanceEntity, { id: instanceId });
    });
  }

  private channelFor(body: CreateDossierBody, user: AuthUser): DossierChannel {
    if (hasRole(user, 'portal')) {
      if (body.channel !== undefined && body.channel !== 2) throw new DossierError(DossierErrorCode.CHANNEL_NOT_ALLOWED, 'the portal submits online dossiers only (channel 2)');
      return 2;
    }
    if (hasRole(user, 'officer')) {
      if (body.channel === 2) throw new DossierError(DossierErrorCode.CHANNEL_NOT_ALLOWED, 'online dossiers (channel 2) arrive from the portal');
      if (body.submittedAt) throw new DossierError(DossierErrorCode.CHANNEL_NOT_ALLOWED, 'a counter intake is submitted now (submittedAt is for the portal)');
      return body.channel ?? 1;
    }
    throw new DossierError(DossierErrorCode.ROLE_NOT_ALLOWED, 'dossiers are registered by the portal or by an officer of the receiving unit');
  }

  private async receivingUnitFor(body: CreateDossierBody, user: AuthUser, agency: string): Promise<string> {
    const units = (await listUnits(this.ds, agency)).map((u) => u.code);
    if (hasRole(user, 'officer')) {
      if (user.agency !== agency) throw new DossierError(DossierErrorCode.AGENCY_NOT_ALLOWED, `procedure belongs to agency ${agency}`);
      const unit = body.receivingUnit ?? (user.units.includes(DEFAULT_RECEIVING_UNIT) ? DEFAULT_RECEIVING_UNIT : user.units[0]);
      if (!unit || !user.units.includes(unit)) throw new DossierError(DossierErrorCode.UNIT_NOT_ALLOWED, `a counter intake is registered by an officer of the receiving unit${unit ? ` ${unit}` : ''}`);
      if (!units.includes(unit)) throw new DossierError(DossierErrorCode.UNKNOWN_UNIT, `unit ${unit} is not a unit of agency ${agency}`);
      return unit;
    }
    const unit = body.receivingUnit ?? DEFAULT_RECEIVING_UNIT;
    if (!units.includes(unit)) throw new DossierError(DossierErrorCode.UNKNOWN_UNIT, `unit ${unit} is not a unit of agency ${agency}`, { units });
    return unit;
  }
}

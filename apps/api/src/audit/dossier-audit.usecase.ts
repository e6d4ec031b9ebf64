import { Inject, Injectable } from '@nestjs/common';
import type { DossierReplayView, DossierTimelineView } from '@tthc/contracts';
import {
  DocumentEntity,
  findUserByUsername,
  getDefinitionById,
  getDossierByCode,
  listAgencies,
  listDossierEvents,
  listUnits,
  TaskEntity,
  type DossierEntity,
} from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { DossierAccess } from '../dossiers/dossier-access';
import { toEventView } from '../dossiers/dossier-view';
import { TemporalGateway } from '../temporal/temporal.gateway';
import { AuditorViews } from './auditor-views';
import { timelineRows, toAuditDocument } from './dossier-timeline.mapper';
import { mapReplayFailure } from './replay-instance.usecase';

/**
 * The auditor's two views of one dossier (issue 13): the timeline of hand-overs and the
 * replay of its history. A dossier is named by its code or id; out of the caller's scope it
 * is not found (404), like every dossier route. Each view is an `audit.view` entry.
 */
@Injectable()
export class DossierAuditUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: DossierAccess,
    private readonly temporal: TemporalGateway,
    private readonly views: AuditorViews,
  ) {}

  /** a dossier by code or id, within the caller's scope */
  async resolve(ref: string, user: AuthUser): Promise<DossierEntity> {
    const byCode = /^[0-9a-f-]{36}$/i.test(ref) ? null : await getDossierByCode(this.ds, ref);
    return this.access.load(byCode?.id ?? ref, user, 'read');
  }

  async timeline(ref: string, user: AuthUser): Promise<DossierTimelineView> {
    const d = await this.resolve(ref, user);
    return this.views.record(user, 'dossier', d.id, 'timeline', this.buildTimeline(d));
  }

  async replay(ref: string, user: AuthUser): Promise<DossierReplayView> {
    const d = await this.resolve(ref, user);
    return this.views.record(user, 'dossier', d.id, 'replay', this.buildReplay(d));
  }

  private async buildTimeline(d: DossierEntity): Promise<DossierTimelineView> {
    const [events, tasks, documents, units, agencies] = await Promise.all([
      listDossierEvents(this.ds, d.id),
      this.ds.getRepository(TaskEntity).find({ where: { dossierId: d.id } }),
      this.documents(d.id),
      listUnits(this.ds, d.agency),
      listAgencies(this.ds),
    ]);
    const names = new Map<string, string>();
    for (const actor of new Set(events.map((e) => e.actor))) names.set(actor, (await findUserByUsername(this.ds, actor))?.fullName ?? actor);
    const rows = timelineRows(d, events, tasks, documents, {
      person: (u) => names.get(u) ?? u,
      unit: (code) => units.find((u) => u.code === code)?.name ?? code,
      agencyName: agencies.find((a) => a.code === d.agency)?.name ?? d.agency,
    });
    return {
      dossier: { id: d.id, code: d.code, procedureCode: d.procedureCode, agency: d.agency, status: d.status, applicantName: d.applicantName, dueAt: d.dueAt?.toISOString() ?? null },
      rows,
    };
  }

  private async buildReplay(d: DossierEntity): Promise<DossierReplayView> {
    const workflowId = `dossier/${d.id}`;
    let trace;
    try {
      trace = await this.temporal.replayTrace({ workflowId });
    } catch (err) {
      throw mapReplayFailure(err, d.id);
    }
    const [definition, events, documents] = await Promise.all([getDefinitionById(this.ds, d.definitionId), listDossierEvents(this.ds, d.id), this.documents(d.id)]);
    return {
      dossier: { id: d.id, code: d.code, procedureCode: d.procedureCode, agency: d.agency, status: d.status, workflowId },
      definition: definition ? { id: definition.id, processKey: definition.key, version: definition.version, xml: definition.xml } : null,
      trace,
      dossierEvents: events.map(toEventView),
      documents: documents.map(toAuditDocument),
    };
  }

  /** every version of every document of the dossier (a signed copy replaces its original from then on) */
  private documents(dossierId: string): Promise<DocumentEntity[]> {
    return this.ds
      .getRepository(DocumentEntity)
      .createQueryBuilder('doc')
      .where('doc.dossier_id = :dossierId', { dossierId })
      .andWhere("doc.kind <> 'signature'")
      .orderBy('doc.uploaded_at', 'ASC')
      .addOrderBy('doc.id', 'ASC')
      .getMany();
  }
}

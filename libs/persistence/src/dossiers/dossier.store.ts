import type { Applicant, DossierChannel, DossierStatus, ProcedureComponent } from '@tthc/contracts';
import { randomUUID } from 'node:crypto';
import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { insertRow } from '../common/insert-row.util';
import { decodeCursor, toPage, type Page } from '../common/keyset-cursor.util';
import { DocumentEntity } from '../documents/document.entity';
import { appendToLocked, DOSSIER_GENESIS_HASH, lockDossier } from './dossier-event.store';
import { writeProgress, type ProgressInput } from './dossier-progress.store';
import { DossierComponentEntity } from './dossier-component.entity';
import { DossierEntity } from './dossier.entity';

type Db = DataSource | EntityManager;

export interface NewDossier {
  id: string;
  procedureCode: string;
  components: ProcedureComponent[];
  processKey: string;
  definitionId: string;
  definitionVersion: number;
  instanceId: string;
  agency: string;
  receivingUnit: string;
  channel: DossierChannel;
  applicant: Applicant;
  summary: string;
  submittedAt: Date;
  createdBy: string;
  /** the creation instant (default: now) */
  at?: Date;
  /** who registered it, for the first progress record (status 1) */
  progress: ProgressInput;
}

/**
 * Writes a new dossier inside the caller's transaction: the row (status 1), its
 * components copied from the procedure, the first event (`dossier.created`) and the first
 * progress record with its outbox row.
 */
export async function createDossier(m: EntityManager, n: NewDossier): Promise<{ dossier: DossierEntity; components: DossierComponentEntity[] }> {
  const at = n.at ?? new Date();
  const row: DossierEntity = {
    id: n.id,
    code: null,
    procedureCode: n.procedureCode,
    processKey: n.processKey,
    definitionId: n.definitionId,
    definitionVersion: n.definitionVersion,
    instanceId: n.instanceId,
    agency: n.agency,
    receivingUnit: n.receivingUnit,
    channel: n.channel,
    applicantType: n.applicant.type,
    applicantName: n.applicant.name,
    applicantIdNumber: n.applicant.idNumber,
    applicantAddress: n.applicant.address,
    applicantPhone: n.applicant.phone ?? null,
    applicantEmail: n.applicant.email ?? null,
    summary: n.summary,
    status: 1,
    submittedAt: n.submittedAt,
    receivedAt: null,
    dueAt: null,
    originalDueAt: null,
    pausedWorkingMs: 0,
    pausedAt: null,
    finishedAt: null,
    returnedAt: null,
    apologyCount: 0,
    supplementCount: 0,
    lateReceipt: false,
    apologyRequiredAt: null,
    createdAt: at,
    createdBy: n.createdBy,
    version: 1,
    eventCount: 0,
    eventHead: DOSSIER_GENESIS_HASH,
  };
  await m.getRepository(DossierEntity).insert(insertRow(row));
  const components: DossierComponentEntity[] = n.components.map((c, i) => ({
    id: randomUUID(),
    dossierId: n.id,
    ordinal: i + 1,
    componentKey: c.id,
    name: c.name,
    form: c.form,
    count: c.count,
    required: c.required,
    documentId: null,
    reusedDocumentId: null,
    updatedAt: at,
  }));
  if (components.length) await m.getRepository(DossierComponentEntity).insert(components.map((c) => insertRow(c)));
  const event = await appendToLocked(m, row, {
    kind: 'dossier.created',
    actor: n.progress.actor,
    unit: n.progress.unit ?? null,
    at,
    payload: {
      procedureCode: n.procedureCode,
      processKey: n.processKey,
      processVersion: n.definitionVersion,
      channel: n.channel,
      receivingUnit: n.receivingUnit,
      submittedAt: n.submittedAt.toISOString(),
      components: components.map((c) => c.componentKey),
      status: 1,
      content: n.progress.content,
    },
  });
  await writeProgress(m, row, event, n.progress, at);
  return { dossier: row, components };
}

/** Fields the step effects set (code and dates at receipt, pause/resume, apology, late flag). */
export type DossierPatch = Partial<
  Pick<
    DossierEntity,
    | 'code'
    | 'receivedAt'
    | 'dueAt'
    | 'originalDueAt'
    | 'pausedWorkingMs'
    | 'pausedAt'
    | 'finishedAt'
    | 'returnedAt'
    | 'apologyCount'
    | 'supplementCount'
    | 'lateReceipt'
    | 'summary'
  >
>;

/**
 * Updates fields of a dossier inside the caller's transaction and records the change as
 * an event of `kind` (payload: the new values plus `details`). Status changes go through
 * changeDossierStatus, never here.
 */
export async function updateDossier(
  m: EntityManager,
  dossierId: string,
  patch: DossierPatch,
  event: { kind: string; actor: string; unit?: string | null; at: Date; details?: Record<string, unknown> },
): Promise<DossierEntity> {
  const dossier = await lockDossier(m, dossierId);
  const next = { ...patch, version: dossier.version + 1 };
  await m.getRepository(DossierEntity).update({ id: dossierId }, next);
  Object.assign(dossier, next);
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) values[k] = v instanceof Date ? v.toISOString() : v;
  await appendToLocked(m, dossier, { kind: event.kind, actor: event.actor, unit: event.unit, at: event.at, payload: { ...values, ...(event.details ?? {}) } });
  return dossier;
}

export async function getDossier(db: Db, id: string): Promise<DossierEntity | null> {
  return db.getRepository(DossierEntity).findOneBy({ id });
}

export async function getDossierByCode(db: Db, code: string): Promise<DossierEntity | null> {
  return db.getRepository(DossierEntity).findOneBy({ code });
}

export async function getDossierByInstance(db: Db, instanceId: string): Promise<DossierEntity | null> {
  return db.getRepository(DossierEntity).findOneBy({ instanceId });
}

export interface DossierQuery {
  /** restrict to one agency (absent: every agency — admin, auditor) */
  agency?: string;
  /** restrict to dossiers registered by this user (the portal account sees its own) */
  createdBy?: string;
  code?: string;
  statuses?: DossierStatus[];
  procedureCode?: string;
  applicantIdNumber?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
  dueBefore?: Date;
  cursor?: string;
  limit: number;
}

/** Newest first, keyset-paged on (created_at, id). */
export async function listDossiers(db: Db, q: DossierQuery): Promise<Page<DossierEntity>> {
  const qb = db.getRepository(DossierEntity).createQueryBuilder('d');
  if (q.agency !== undefined) qb.andWhere('d.agency_code = :agency', { agency: q.agency });
  if (q.createdBy !== undefined) qb.andWhere('d.created_by = :createdBy', { createdBy: q.createdBy });
  if (q.code) qb.andWhere('d.code = :code', { code: q.code });
  if (q.statuses?.length) qb.andWhere('d.status IN (:...statuses)', { statuses: q.statuses });
  if (q.procedureCode) qb.andWhere('d.procedure_code = :procedureCode', { procedureCode: q.procedureCode });
  if (q.applicantIdNumber) qb.andWhere('d.applicant_id_number = :idNumber', { idNumber: q.applicantIdNumber });
  if (q.receivedFrom) qb.andWhere('d.received_at >= :receivedFrom', { receivedFrom: q.receivedFrom });
  if (q.receivedTo) qb.andWhere('d.received_at < :receivedTo', { receivedTo: q.receivedTo });
  if (q.dueBefore) qb.andWhere('d.due_at < :dueBefore', { dueBefore: q.dueBefore });
  if (q.cursor) {
    const pos = decodeCursor(q.cursor);
    qb.andWhere(
      new Brackets((w) => {
        w.where('d.created_at < :cAt', { cAt: pos.at }).orWhere('(d.created_at = :cAt AND d.id < :cId)', { cAt: pos.at, cId: pos.id });
      }),
    );
  }
  qb.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(q.limit + 1);
  return toPage(await qb.getMany(), q.limit, (d) => ({ at: d.createdAt, id: d.id }));
}

export async function listDossierComponents(db: Db, dossierId: string): Promise<DossierComponentEntity[]> {
  return db.getRepository(DossierComponentEntity).find({ where: { dossierId }, order: { ordinal: 'ASC' } });
}

/** Current documents of a dossier, oldest first (no detached-signature rows). */
export async function listDossierDocuments(db: Db, dossierId: string): Promise<DocumentEntity[]> {
  return db
    .getRepository(DocumentEntity)
    .createQueryBuilder('doc')
    .where('doc.dossier_id = :dossierId', { dossierId })
    .andWhere('doc.is_current = :cur', { cur: true })
    .andWhere("doc.kind <> 'signature'")
    .orderBy('doc.uploaded_at', 'ASC')
    .addOrderBy('doc.id', 'ASC')
    .getMany();
}

/** The current stored form of a dossier (kind `notice`, `form` = receipt | supplement | refusal | apology), newest. */
export async function findDossierForm(db: Db, dossierId: string, form: string): Promise<DocumentEntity | null> {
  return db.getRepository(DocumentEntity).findOne({
    where: { dossierId, form, isCurrent: true },
    order: { uploadedAt: 'DESC', id: 'DESC' },
  });
}

/**
 * Documents that may be reused for a dossier: current component scans and results of
 * OTHER dossiers of the same agency whose applicant has the same ID number.
 */
export async function findReusableDocuments(db: Db, dossier: Pick<DossierEntity, 'id' | 'agency' | 'applicantIdNumber'>): Promise<Array<{ document: DocumentEntity; dossierId: string; dossierCode: string | null }>> {
  const rows = await db
    .getRepository(DocumentEntity)
    .createQueryBuilder('doc')
    .innerJoin(DossierEntity, 'd', 'd.id = doc.dossier_id')
    .addSelect(['d.id', 'd.code'])
    .where('d.applicant_id_number = :idNumber', { idNumber: dossier.applicantIdNumber })
    .andWhere('d.agency_code = :agency', { agency: dossier.agency })
    .andWhere('d.id <> :self', { self: dossier.id })
    .andWhere('doc.is_current = :cur', { cur: true })
    .andWhere("doc.kind IN ('component', 'result')")
    .orderBy('doc.uploaded_at', 'DESC')
    .addOrderBy('doc.id', 'DESC')
    .limit(200)
    .getRawAndEntities();
  return rows.entities.map((document, i) => ({
    document,
    dossierId: String(rows.raw[i]?.d_id ?? document.dossierId),
    dossierCode: (rows.raw[i]?.d_code as string | null) ?? null,
  }));
}

export class DossierComponentNotFoundError extends Error {
  constructor(readonly componentId: string) {
    super(`component ${componentId} not found`);
    this.name = 'DossierComponentNotFoundError';
  }
}

/**
 * Links a component to its digitised scan or to a reused document (the other link is
 * cleared) and records `component.digitised` / `component.reused`, in the caller's transaction.
 */
export async function setComponentDocument(
  m: EntityManager,
  dossierId: string,
  componentId: string,
  link: { documentId: string } | { reusedDocumentId: string },
  event: { actor: string; unit?: string | null; at: Date },
): Promise<DossierComponentEntity> {
  const dossier = await lockDossier(m, dossierId);
  const repo = m.getRepository(DossierComponentEntity);
  const component = await repo.findOneBy({ id: componentId, dossierId });
  if (!component) throw new DossierComponentNotFoundError(componentId);
  const reuse = 'reusedDocumentId' in link;
  const patch = reuse
    ? { reusedDocumentId: link.reusedDocumentId, documentId: null, updatedAt: event.at }
    : { documentId: link.documentId, reusedDocumentId: null, updatedAt: event.at };
  await repo.update({ id: componentId }, patch);
  Object.assign(component, patch);
  await appendToLocked(m, dossier, {
    kind: reuse ? 'component.reused' : 'component.digitised',
    actor: event.actor,
    unit: event.unit ?? null,
    at: event.at,
    payload: { componentId, componentKey: component.componentKey, documentId: reuse ? link.reusedDocumentId : link.documentId },
  });
  return component;
}



import { DOSSIER_STATUS_LABELS, FINAL_DOSSIER_STATUSES, type DossierStatus } from '@tthc/contracts';
import { randomUUID } from 'node:crypto';
import { PgStatement } from '../common/pg-statement';
import type { DataSource, EntityManager } from 'typeorm';
import { insertRow } from '../common/insert-row.util';
import { DossierTransitionError } from './dossier-errors';
import { appendToLocked, lockDossier } from './dossier-event.store';
import { DossierEntity } from './dossier.entity';
import type { DossierEventEntity } from './dossier-event.entity';
import { DossierProgressEntity } from './dossier-progress.entity';
import { DossierSyncOutboxEntity } from './dossier-sync-outbox.entity';

/** Who handled the transition, as the national progress record names it. */
export interface ProgressInput {
  /** username of the actor (the event's actor) */
  actor: string;
  /** NguoiXuLy: full name */
  handler: string;
  /** ChucDanh: title (e.g. `Chuyên viên một cửa`) */
  handlerTitle: string;
  /** PhongBanXuLy: unit name */
  unitName: string;
  /** unit code of the actor (the event's unit) */
  unit?: string | null;
  /** NoiDungXuLy */
  content: string;
  /** NgayBatDau (default: the transition instant) */
  startedAt?: Date | null;
  /** NgayKetThucTheoQuyDinh (default: the dossier's due date) */
  dueAt?: Date | null;
  /** extra payload of the status event (step, task id, result early/on-time/late…) */
  details?: Record<string, unknown>;
}

export interface StatusChange {
  event: DossierEventEntity;
  progress: DossierProgressEntity;
  dossier: DossierEntity;
}

/**
 * Moves a dossier to `toStatus` inside the caller's transaction: updates the row (status,
 * version, finished/returned dates), appends the `status.changed` event, writes exactly
 * one national progress record and its sync outbox row. A final status (3, 7, 8, 10)
 * never changes again, and a transition to the same status is refused (it would be a
 * second record of one state).
 */
export async function changeDossierStatus(
  m: EntityManager,
  dossierId: string,
  toStatus: DossierStatus,
  progress: ProgressInput,
  at: Date,
): Promise<StatusChange> {
  return changeLockedDossierStatus(m, await lockDossier(m, dossierId), toStatus, progress, at);
}

/**
 * changeDossierStatus over `dossier`, the row the caller locked with `lockDossier` in this
 * transaction and kept current since (the step guard's context): no second read of the row. The
 * object is updated in place (status, version, dates, chain head) and returned as `dossier`.
 */
export async function changeLockedDossierStatus(
  m: EntityManager,
  dossier: DossierEntity,
  toStatus: DossierStatus,
  progress: ProgressInput,
  at: Date,
): Promise<StatusChange> {
  const dossierId = dossier.id;
  const from = dossier.status;
  if (from === toStatus || FINAL_DOSSIER_STATUSES.includes(from)) throw new DossierTransitionError(dossierId, from, toStatus);
  const patch: Partial<DossierEntity> = { status: toStatus, version: dossier.version + 1 };
  if ((toStatus === 9 || toStatus === 3 || toStatus === 7 || toStatus === 8) && !dossier.finishedAt) patch.finishedAt = at;
  if (toStatus === 10 && !dossier.returnedAt) patch.returnedAt = at;
  if (toStatus === 10 && !dossier.finishedAt) patch.finishedAt = at;
  Object.assign(dossier, patch);
  // the row's new status, version and dates go in with the event's chain head: one UPDATE of the row
  const event = await appendToLocked(
    m,
    dossier,
    {
      kind: 'status.changed',
      actor: progress.actor,
      unit: progress.unit ?? null,
      at,
      payload: { from, to: toStatus, content: progress.content, ...(progress.details ?? {}) },
    },
    patch,
  );
  const record = await writeProgress(m, dossier, event, progress, at);
  return { event, progress: record, dossier };
}

/** The progress record of a transition (and its outbox row); the dossier is already locked. */
export async function writeProgress(
  m: EntityManager,
  dossier: DossierEntity,
  event: DossierEventEntity,
  p: ProgressInput,
  at: Date,
): Promise<DossierProgressEntity> {
  const row: DossierProgressEntity = {
    id: randomUUID(),
    dossierId: dossier.id,
    seq: 0, // the next of the dossier's, below
    eventSeq: event.seq,
    dossierCode: dossier.code ?? dossier.id,
    handler: p.handler,
    handlerTitle: p.handlerTitle,
    handledAt: at,
    unitName: p.unitName,
    content: p.content,
    status: dossier.status,
    startedAt: p.startedAt === undefined ? at : p.startedAt,
    dueAt: p.dueAt === undefined ? dossier.dueAt : p.dueAt,
  };
  const outbox = { dossierId: dossier.id, progressId: row.id, kind: 'progress', payload: nationalProgressRecord(row), createdAt: at, sentAt: null, attempts: 0, lastError: null };
  if (m.connection.options.type === 'postgres') {
    // one round trip (W2, session 9): the record with the next seq of the dossier (its row is locked, so the
    // MAX cannot race) and its outbox row, as data-modifying CTEs
    const s = new PgStatement(m);
    const progress = s.table(DossierProgressEntity);
    const next = `(SELECT COALESCE(MAX("seq"), 0) + 1 FROM ${progress} WHERE "dossier_id" = ${s.raw(dossier.id)})`;
    const [written] = await s.run<{ seq: number | string }>(
      `WITH p AS (${s.insert(DossierProgressEntity, row, { expr: () => ({ seq: next }) })} RETURNING "seq"), o AS (${s.insert(DossierSyncOutboxEntity, outbox)} RETURNING 1) SELECT p."seq" AS seq FROM p, o`,
    );
    return { ...row, seq: Number(written.seq) };
  }
  const last = await m
    .getRepository(DossierProgressEntity)
    .createQueryBuilder('p')
    .select('MAX(p.seq)', 'max')
    .where('p.dossier_id = :id', { id: dossier.id })
    .getRawOne<{ max: number | string | null }>();
  row.seq = Number(last?.max ?? 0) + 1;
  await m.getRepository(DossierProgressEntity).insert(insertRow(row));
  await m.getRepository(DossierSyncOutboxEntity).insert(insertRow(outbox));
  return row;
}

/** The record with the national field names (what the portal receives). */
export function nationalProgressRecord(p: DossierProgressEntity) {
  return {
    MaHoSo: p.dossierCode,
    NguoiXuLy: p.handler,
    ChucDanh: p.handlerTitle,
    ThoiDiemXuLy: p.handledAt.toISOString(),
    PhongBanXuLy: p.unitName,
    NoiDungXuLy: p.content,
    TrangThai: p.status,
    TenTrangThai: DOSSIER_STATUS_LABELS[p.status],
    NgayBatDau: p.startedAt ? p.startedAt.toISOString() : null,
    NgayKetThucTheoQuyDinh: p.dueAt ? p.dueAt.toISOString() : null,
  };
}

export async function listDossierProgress(ds: DataSource | EntityManager, dossierId: string): Promise<DossierProgressEntity[]> {
  return ds.getRepository(DossierProgressEntity).find({ where: { dossierId }, order: { seq: 'ASC' } });
}

export async function listPendingSync(ds: DataSource | EntityManager, limit = 100): Promise<DossierSyncOutboxEntity[]> {
  return ds
    .getRepository(DossierSyncOutboxEntity)
    .createQueryBuilder('o')
    .where('o.sent_at IS NULL')
    .orderBy('o.id', 'ASC')
    .limit(limit)
    .getMany();
}

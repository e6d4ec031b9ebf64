import { randomUUID } from 'node:crypto';
import { MoreThan, Not, type DataSource, type EntityManager } from 'typeorm';
import { insertRow } from '../common/insert-row.util';
import { DraftFormEntity } from './draft-form.entity';
import { DraftCommentEntity } from './draft-comment.entity';
import { DraftEditorEntity } from './draft-editor.entity';
import { ProcedureDraftEntity } from './procedure-draft.entity';

type Db = DataSource | EntityManager;

export interface NewDraft {
  name: string;
  xml: string;
  processKey: string | null;
  agency: string | null;
  baseVersion: number | null;
  by: string;
  at?: Date;
}

export async function createDraft(db: Db, d: NewDraft): Promise<ProcedureDraftEntity> {
  const at = d.at ?? new Date();
  const row: ProcedureDraftEntity = {
    id: randomUUID(),
    processKey: d.processKey,
    name: d.name,
    agency: d.agency,
    xml: d.xml,
    revision: 1,
    baseVersion: d.baseVersion,
    createdBy: d.by,
    createdAt: at,
    updatedBy: d.by,
    updatedAt: at,
  };
  await db.getRepository(ProcedureDraftEntity).insert(insertRow(row));
  return row;
}

export function getDraft(db: Db, id: string): Promise<ProcedureDraftEntity | null> {
  return db.getRepository(ProcedureDraftEntity).findOneBy({ id });
}

export type DraftSummary = Omit<ProcedureDraftEntity, 'xml'>;

/** Drafts newest first; `agency` keeps one agency's drafts (undefined = every draft). */
export async function listDrafts(db: Db, opts: { agency?: string; key?: string } = {}): Promise<DraftSummary[]> {
  const qb = db
    .getRepository(ProcedureDraftEntity)
    .createQueryBuilder('d')
    .select(['d.id', 'd.processKey', 'd.name', 'd.agency', 'd.revision', 'd.baseVersion', 'd.createdBy', 'd.createdAt', 'd.updatedBy', 'd.updatedAt'])
    .orderBy('d.updated_at', 'DESC')
    .addOrderBy('d.id', 'ASC')
    .limit(500);
  if (opts.agency !== undefined) qb.andWhere('d.agency_code = :agency', { agency: opts.agency });
  if (opts.key) qb.andWhere('d.process_key = :key', { key: opts.key });
  return qb.getMany();
}

export type SaveDraftResult = { saved: true; revision: number; updatedAt: Date } | { saved: false; current: DraftSummary };

/**
 * Stores new XML when the draft is still at `baseRevision` (compare-and-set in one UPDATE):
 * a save started from an older revision — another analyst saved in between — changes nothing.
 */
export async function saveDraftXml(
  db: Db,
  id: string,
  s: { xml: string; name: string; processKey: string | null; baseRevision: number; by: string; at?: Date; baseVersion?: number | null },
): Promise<SaveDraftResult | null> {
  const at = s.at ?? new Date();
  const result = await db
    .getRepository(ProcedureDraftEntity)
    .createQueryBuilder()
    .update()
    .set({
      xml: s.xml,
      name: s.name,
      processKey: s.processKey,
      revision: s.baseRevision + 1,
      updatedBy: s.by,
      updatedAt: at,
      ...(s.baseVersion !== undefined ? { baseVersion: s.baseVersion } : {}),
    })
    .where('id = :id AND revision = :rev', { id, rev: s.baseRevision })
    .execute();
  if (result.affected === 1) return { saved: true, revision: s.baseRevision + 1, updatedAt: at };
  const current = await getDraft(db, id);
  if (!current) return null;
  const { xml: _xml, ...summary } = current;
  return { saved: false, current: summary };
}

export async function deleteDraft(db: Db, id: string): Promise<void> {
  await db.getRepository(DraftFormEntity).delete({ draftId: id });
  await db.getRepository(DraftCommentEntity).delete({ draftId: id });
  await db.getRepository(DraftEditorEntity).delete({ draftId: id });
  await db.getRepository(ProcedureDraftEntity).delete({ id });
}

/** A draft counts as open by someone seen within this window (the designer refreshes every 30 s). */
export const DRAFT_PRESENCE_MS = 90_000;

/**
 * Records that `username` has the draft open (now) and answers who ELSE has it open — the
 * warning the designer shows when two analysts edit the same draft.
 */
export async function touchDraftEditor(db: Db, draftId: string, username: string, at = new Date()): Promise<DraftEditorEntity[]> {
  const repo = db.getRepository(DraftEditorEntity);
  const mine = await repo.findOneBy({ draftId, username });
  const fresh = mine && mine.seenAt.getTime() > at.getTime() - DRAFT_PRESENCE_MS;
  if (mine) await repo.update({ draftId, username }, { seenAt: at, ...(fresh ? {} : { openedAt: at }) });
  else await repo.insert({ draftId, username, openedAt: at, seenAt: at });
  return repo.find({
    where: { draftId, username: Not(username), seenAt: MoreThan(new Date(at.getTime() - DRAFT_PRESENCE_MS)) },
    order: { openedAt: 'ASC' },
  });
}

export async function leaveDraft(db: Db, draftId: string, username: string): Promise<void> {
  await db.getRepository(DraftEditorEntity).delete({ draftId, username });
}

export async function addDraftComment(db: Db, c: { draftId: string; elementId: string | null; author: string; body: string; at?: Date }): Promise<DraftCommentEntity> {
  const row: DraftCommentEntity = { id: randomUUID(), draftId: c.draftId, elementId: c.elementId, author: c.author, body: c.body, createdAt: c.at ?? new Date() };
  await db.getRepository(DraftCommentEntity).insert(row);
  return row;
}

export function listDraftComments(db: Db, draftId: string): Promise<DraftCommentEntity[]> {
  return db.getRepository(DraftCommentEntity).find({ where: { draftId }, order: { createdAt: 'ASC', id: 'ASC' } });
}

import type { DataSource, EntityManager } from 'typeorm';
import { DraftFormEntity } from './draft-form.entity';
import { ProcedureDraftEntity } from './procedure-draft.entity';

type Db = DataSource | EntityManager;

/** form id → stored schema hash, for the forms edited in a draft */
export async function listDraftForms(db: Db, draftId: string): Promise<Record<string, string>> {
  const rows = await db.getRepository(DraftFormEntity).find({ where: { draftId }, order: { formId: 'ASC' } });
  return Object.fromEntries(rows.map((r) => [r.formId, r.hash]));
}

/** The draft's form `formId` is now the stored schema `hash` (the last save wins). */
export async function setDraftForm(db: Db, draftId: string, formId: string, hash: string, by: string, at = new Date()): Promise<void> {
  await db.getRepository(DraftFormEntity).upsert({ draftId, formId, hash, updatedBy: by, updatedAt: at }, ['draftId', 'formId']);
}

/** The agencies of the drafts holding this stored form (null: a draft of no agency, admins only). */
export async function draftAgenciesUsingForm(db: Db, hash: string): Promise<Array<string | null>> {
  const rows = await db
    .getRepository(DraftFormEntity)
    .createQueryBuilder('f')
    .innerJoin(ProcedureDraftEntity, 'd', 'd.id = f.draft_id')
    .select('DISTINCT d.agency_code', 'agency')
    .where('f.hash = :hash', { hash })
    .getRawMany<{ agency: string | null }>();
  return rows.map((r) => r.agency);
}

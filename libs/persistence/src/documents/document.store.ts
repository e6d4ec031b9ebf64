import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { insertRow } from '../common/insert-row.util';
import { inTransaction } from '../common/transaction.util';
import { isUniqueViolation } from '../definitions/definition.store';
import { DocumentEntity, type DocumentKind, type SignatureSummary } from './document.entity';

export const UNSIGNED: SignatureSummary = { count: 0, valid: false, lastVerifiedAt: null };

export interface NewDocument {
  instanceId: string;
  kind: DocumentKind;
  name: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
  uploadedAt?: Date;
  signsDocumentId?: string | null;
  signatureSummary?: SignatureSummary;
  /** the dossier it belongs to (a dossier's documents also carry its instance id) */
  dossierId?: string | null;
  /** kind `notice`: receipt | supplement | refusal | apology */
  form?: string | null;
  /** kind `result`: `<dossier code>-KQ<n>` */
  resultCode?: string | null;
}

/** The version (or signature sibling) could not be written because another writer got there first. */
export class DocumentVersionConflictError extends Error {
  constructor(readonly documentId: string) {
    super(`document ${documentId} is no longer the current version`);
    this.name = 'DocumentVersionConflictError';
  }
}

function newRow(n: NewDocument, version: number, supersedesId: string | null): DocumentEntity {
  return {
    id: randomUUID(),
    instanceId: n.instanceId,
    kind: n.kind,
    name: n.name,
    mediaType: n.mediaType,
    sizeBytes: n.sizeBytes,
    sha256: n.sha256,
    storageKey: n.storageKey,
    uploadedBy: n.uploadedBy,
    uploadedAt: n.uploadedAt ?? new Date(),
    version,
    supersedesId,
    isCurrent: true,
    signsDocumentId: n.signsDocumentId ?? null,
    signatureSummary: n.signatureSummary ?? UNSIGNED,
    dossierId: n.dossierId ?? null,
    form: n.form ?? null,
    resultCode: n.resultCode ?? null,
  };
}

export async function insertDocument(ds: DataSource, n: NewDocument): Promise<DocumentEntity> {
  return inTransaction(ds, (m) => insertDocumentIn(m, n));
}

/** insertDocument inside the caller's transaction (with the dossier event that records it). */
export async function insertDocumentIn(m: EntityManager, n: NewDocument): Promise<DocumentEntity> {
  const row = newRow(n, 1, null);
  await m.getRepository(DocumentEntity).insert(insertRow(row));
  return row;
}

/**
 * Adds the next version of `previousId` (e.g. the signed PDF) and retires the previous
 * one, atomically. Only the current version can be superseded: the conditional update
 * (and the UNIQUE supersedes_id) make the loser of two concurrent signings fail with
 * DocumentVersionConflictError, writing nothing.
 */
export async function insertNextVersion(ds: DataSource, previousId: string, n: NewDocument): Promise<DocumentEntity> {
  try {
    return await inTransaction(ds, (m) => insertNextVersionIn(m, previousId, n));
  } catch (err) {
    if (isUniqueViolation(err)) throw new DocumentVersionConflictError(previousId);
    throw err;
  }
}

/**
 * insertNextVersion inside the caller's transaction (with the event that records it). A
 * unique violation on supersedes_id surfaces as the database error: the caller's
 * transaction is lost anyway, so map it after the rollback (`isUniqueViolation`).
 */
export async function insertNextVersionIn(m: EntityManager, previousId: string, n: NewDocument): Promise<DocumentEntity> {
  const repo = m.getRepository(DocumentEntity);
  const prev = await repo.findOneBy({ id: previousId });
  if (!prev) throw new DocumentVersionConflictError(previousId);
  const res = await repo.update({ id: previousId, isCurrent: true }, { isCurrent: false });
  if (!res.affected) throw new DocumentVersionConflictError(previousId);
  // a new version stays in the dossier and keeps what the previous one was
  const row = newRow(
    { ...n, dossierId: n.dossierId ?? prev.dossierId, form: n.form ?? prev.form, resultCode: n.resultCode ?? prev.resultCode },
    prev.version + 1,
    previousId,
  );
  await repo.insert(insertRow(row));
  return row;
}

export async function getDocument(ds: DataSource, id: string): Promise<DocumentEntity | null> {
  return ds.getRepository(DocumentEntity).findOneBy({ id });
}

/** Documents of a dossier, oldest first; by default only current versions and no signature siblings. */
export async function listDocuments(
  ds: DataSource,
  instanceId: string,
  opts: { allVersions?: boolean } = {},
): Promise<DocumentEntity[]> {
  const qb = ds
    .getRepository(DocumentEntity)
    .createQueryBuilder('d')
    .where('d.instance_id = :instanceId', { instanceId });
  if (!opts.allVersions) qb.andWhere('d.is_current = :cur', { cur: true }).andWhere("d.kind <> 'signature'");
  return qb.orderBy('d.uploaded_at', 'ASC').addOrderBy('d.id', 'ASC').getMany();
}

/** Detached signatures (.p7s rows) of a document, oldest first. */
export async function listSignatureSiblings(ds: DataSource, documentId: string): Promise<DocumentEntity[]> {
  return ds
    .getRepository(DocumentEntity)
    .find({ where: { signsDocumentId: documentId, kind: 'signature' }, order: { uploadedAt: 'ASC', id: 'ASC' } });
}

/** Every version of the lineage that `id` belongs to, oldest first (follows supersedes links). */
export async function documentVersions(ds: DataSource, id: string): Promise<DocumentEntity[]> {
  const repo = ds.getRepository(DocumentEntity);
  const start = await repo.findOneBy({ id });
  if (!start) return [];
  const older: DocumentEntity[] = [];
  for (let d = start; d.supersedesId; ) {
    const prev = await repo.findOneBy({ id: d.supersedesId });
    if (!prev) break;
    older.unshift(prev);
    d = prev;
  }
  const newer: DocumentEntity[] = [];
  for (let d: DocumentEntity | null = start; d && !d.isCurrent; ) {
    d = await repo.findOneBy({ supersedesId: d.id });
    if (d) newer.push(d);
  }
  return [...older, start, ...newer];
}

export async function setSignatureSummary(ds: DataSource, id: string, summary: SignatureSummary): Promise<void> {
  await inTransaction(ds, (m) => m.getRepository(DocumentEntity).update({ id }, { signatureSummary: summary }));
}

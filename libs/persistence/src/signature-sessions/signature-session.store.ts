import type { DataSource, EntityManager } from 'typeorm';
import { IsNull, LessThan } from 'typeorm';
import { insertRow } from '../common/insert-row.util';
import { SignatureSessionEntity } from './signature-session.entity';

export async function insertSignatureSession(db: DataSource | EntityManager, row: SignatureSessionEntity): Promise<void> {
  await db.getRepository(SignatureSessionEntity).insert(insertRow(row));
}

export async function getSignatureSession(db: DataSource | EntityManager, id: string): Promise<SignatureSessionEntity | null> {
  return db.getRepository(SignatureSessionEntity).findOneBy({ id });
}

/**
 * Marks a session completed inside the caller's transaction; false when another
 * completion got there first (the conditional update is the once-only guarantee).
 */
export async function completeSignatureSession(m: EntityManager, id: string, signedDocumentId: string, at: Date): Promise<boolean> {
  const res = await m.getRepository(SignatureSessionEntity).update({ id, completedAt: IsNull() }, { completedAt: at, signedDocumentId });
  return !!res.affected;
}

/** Drops sessions that expired unused before `before` (their prepared PDFs go with them). */
export async function purgeExpiredSignatureSessions(db: DataSource | EntityManager, before: Date): Promise<number> {
  const res = await db.getRepository(SignatureSessionEntity).delete({ expiresAt: LessThan(before), completedAt: IsNull() });
  return res.affected ?? 0;
}

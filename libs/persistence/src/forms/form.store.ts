import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/hash.util';
import { insertRow } from '../common/insert-row.util';
import { FormEntity } from './form.entity';

type Db = DataSource | EntityManager;

/** sha-256 of the canonical JSON of a form-js schema: its identity. */
export function formHash(schema: Record<string, unknown>): string {
  return sha256Hex(canonicalJson(schema));
}

/**
 * Stores a schema under its hash (the same schema twice is stored once). Insert-or-ignore, so it
 * may run inside a caller's transaction (PostgreSQL aborts a transaction on a failed insert).
 */
export async function saveForm(db: Db, schema: Record<string, unknown>, by: string, at = new Date()): Promise<{ hash: string; createdAt: Date }> {
  const hash = formHash(schema);
  const repo = db.getRepository(FormEntity);
  const existing = await repo.findOne({ select: { hash: true, createdAt: true }, where: { hash } });
  if (existing) return { hash, createdAt: existing.createdAt };
  await repo.createQueryBuilder().insert().into(FormEntity).values(insertRow<FormEntity>({ hash, schema, createdBy: by, createdAt: at })).orIgnore().execute();
  // a concurrent save of the same schema may have stored it first: same content either way
  const stored = await repo.findOneOrFail({ select: { hash: true, createdAt: true }, where: { hash } });
  return { hash, createdAt: stored.createdAt };
}

export function getForm(db: Db, hash: string): Promise<FormEntity | null> {
  return db.getRepository(FormEntity).findOneBy({ hash });
}

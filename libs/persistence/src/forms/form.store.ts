import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/hash.util';
import { insertRow } from '../common/insert-row.util';
import { FormEntity } from './form.entity';

type Db = DataSource | EntityManager;

/** sha-256 of the canonical JSON of a form-js schema: its identity. */
export function formHash(schema: Record<string, unknown>): string {
  return sha256Hex(canonicalJson(schema));
}

/** Stores a schema under its hash (the same schema twice is stored once). */
export async function saveForm(db: Db, schema: Record<string, unknown>, by: string, at = new Date()): Promise<{ hash: string; created: boolean; createdAt: Date }> {
  const hash = formHash(schema);
  const repo = db.getRepository(FormEntity);
  const existing = await repo.findOne({ select: { hash: true, createdAt: true }, where: { hash } });
  if (existing) return { hash, created: false, createdAt: existing.createdAt };
  try {
    await repo.insert(insertRow<FormEntity>({ hash, schema, createdBy: by, createdAt: at }));
  } catch (err) {
    // a concurrent save of the same schema stored it first: same content, nothing to do
    const again = await repo.findOne({ select: { hash: true, createdAt: true }, where: { hash } });
    if (again) return { hash, created: false, createdAt: again.createdAt };
    throw err;
  }
  return { hash, created: true, createdAt: at };
}

export function getForm(db: Db, hash: string): Promise<FormEntity | null> {
  return db.getRepository(FormEntity).findOneBy({ hash });
}

import type { FormSchema } from '@tthc/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/hash.util';
import { FormSchemaEntity } from './form-schema.entity';

/** sha-256 of the canonical JSON of a form-js schema: what a version's graph pins. */
export function formSchemaHash(schema: FormSchema): string {
  return sha256Hex(canonicalJson(schema));
}

/** Stores the schemas (idempotent: a schema already stored is left as it is); returns formKey → sha-256. */
export async function saveFormSchemasIn(m: EntityManager, schemas: FormSchema[], at = new Date()): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const schema of schemas) {
    const sha256 = formSchemaHash(schema);
    out[schema.id] = sha256;
    await m
      .createQueryBuilder()
      .insert()
      .into(FormSchemaEntity)
      .values({ sha256, formId: schema.id, schema: canonicalJson(schema), createdAt: at })
      .orIgnore()
      .execute();
  }
  return out;
}

/** The stored schemas by sha-256 (missing ones are absent from the map). */
export async function getFormSchemas(db: DataSource | EntityManager, hashes: string[]): Promise<Map<string, FormSchema>> {
  if (hashes.length === 0) return new Map();
  const rows = await db.getRepository(FormSchemaEntity).findBy({ sha256: In([...new Set(hashes)]) });
  return new Map(rows.map((r) => [r.sha256, JSON.parse(r.schema) as FormSchema]));
}

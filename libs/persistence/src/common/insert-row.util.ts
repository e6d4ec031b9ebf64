import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * TypeORM's deep-partial insert type recurses into JSON columns and rejects
 * `Record<string, unknown>`; the rows we pass are complete entities, so the cast is safe.
 */
export function insertRow<T>(row: T): QueryDeepPartialEntity<T> {
  return row as QueryDeepPartialEntity<T>;
}

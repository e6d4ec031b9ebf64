import type { EntityManager } from 'typeorm';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { insertRow } from '../common/insert-row.util';
import { DossierEntity } from './dossier.entity';
import { DossierEventEntity } from './dossier-event.entity';

/**
 * Writes one chained event and moves the dossier row's chain head (with `set`: the other columns
 * the change moves, e.g. a status). PostgreSQL: ONE statement — the INSERT as a data-modifying CTE
 * of the UPDATE — instead of two round trips (W2, session 9: ≈ 3 events per step guard). Values go
 * through TypeORM's own column conversion (transformers, then the driver's preparePersistentValue),
 * so they are stored exactly as `insert` / `update` store them. SQLite (in process, no round trip):
 * the two statements as before.
 */
export async function insertEventMovingHead(m: EntityManager, row: DossierEventEntity, dossierId: string, set: Partial<DossierEntity>): Promise<void> {
  if (m.connection.options.type !== 'postgres') {
    await m.getRepository(DossierEventEntity).insert(insertRow(row));
    await m.getRepository(DossierEntity).update({ id: dossierId }, set);
    return;
  }
  const params: unknown[] = [];
  const param = (value: unknown, column: ColumnMetadata): string => {
    const v = column.transformer ? ApplyValueTransformers.transformTo(column.transformer, value) : value;
    params.push(m.connection.driver.preparePersistentValue(v, column));
    return `$${params.length}`;
  };
  const events = m.connection.getMetadata(DossierEventEntity);
  const dossiers = m.connection.getMetadata(DossierEntity);
  const names = events.columns.map((c) => `"${c.databaseName}"`).join(', ');
  const values = events.columns.map((c) => param(c.getEntityValue(row), c)).join(', ');
  const assignments = Object.entries(set).map(([key, value]) => {
    const column = dossiers.findColumnWithPropertyName(key);
    if (!column) throw new Error(`dossiers has no column for ${key}`);
    return `"${column.databaseName}" = ${param(value, column)}`;
  });
  params.push(dossierId);
  await m.query(
    `WITH e AS (INSERT INTO "${events.tableName}" (${names}) VALUES (${values}) RETURNING 1)
     UPDATE "${dossiers.tableName}" SET ${assignments.join(', ')} FROM e WHERE "${dossiers.tableName}"."id" = $${params.length}`,
    params,
  );
}

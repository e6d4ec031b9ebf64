import type { EntityManager } from 'typeorm';
import { insertRow } from '../common/insert-row.util';
import { PgStatement } from '../common/pg-statement';
import { DossierEntity } from './dossier.entity';
import { DossierEventEntity } from './dossier-event.entity';

/**
 * Writes one chained event and moves the dossier row's chain head (with `set`: the other columns
 * the change moves, e.g. a status). PostgreSQL: ONE statement — the INSERT as a data-modifying CTE
 * of the UPDATE — instead of two round trips (W2, session 9: ≈ 3 events per step guard). SQLite
 * (in process, no round trip): the two statements.
 */
export async function insertEventMovingHead(m: EntityManager, row: DossierEventEntity, dossierId: string, set: Partial<DossierEntity>): Promise<void> {
  if (m.connection.options.type !== 'postgres') {
    await m.getRepository(DossierEventEntity).insert(insertRow(row));
    await m.getRepository(DossierEntity).update({ id: dossierId }, set);
    return;
  }
  const s = new PgStatement(m);
  const dossiers = s.table(DossierEntity);
  await s.run(`WITH e AS (${s.insert(DossierEventEntity, row)} RETURNING 1) UPDATE ${dossiers} SET ${s.assignments(DossierEntity, set)} FROM e WHERE ${dossiers}."id" = ${s.raw(dossierId)}`);
}

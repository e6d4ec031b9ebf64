import { randomUUID } from 'node:crypto';
import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { insertRow } from '../common/insert-row.util';
import { SavedFilterEntity } from './saved-filter.entity';

/** Who reads saved filters: their own, and those shared with one of their units in their agency. */
export interface FilterReader {
  username: string;
  agency: string | null;
  units: string[];
}

export interface NewSavedFilter {
  name: string;
  owner: string;
  agency: string | null;
  unit: string | null;
  filter: Record<string, unknown>;
}

export async function insertSavedFilterIn(m: EntityManager, f: NewSavedFilter, at = new Date()): Promise<SavedFilterEntity> {
  const row: SavedFilterEntity = { id: randomUUID(), ...f, createdAt: at, updatedAt: at };
  await m.insert(SavedFilterEntity, insertRow(row));
  return row;
}

export async function updateSavedFilterIn(m: EntityManager, id: string, patch: Partial<Pick<SavedFilterEntity, 'name' | 'unit' | 'filter'>>, at = new Date()): Promise<SavedFilterEntity | null> {
  await m.update(SavedFilterEntity, { id }, insertRow({ ...patch, updatedAt: at }));
  return m.getRepository(SavedFilterEntity).findOneBy({ id });
}

export async function deleteSavedFilterIn(m: EntityManager, id: string): Promise<void> {
  await m.delete(SavedFilterEntity, { id });
}

/** The filter if `reader` may see it (owner, or shared with one of the reader's units of the same agency), else null. */
export async function getReadableFilter(db: DataSource | EntityManager, id: string, reader: FilterReader): Promise<SavedFilterEntity | null> {
  const row = await db.getRepository(SavedFilterEntity).findOneBy({ id });
  return row && canRead(row, reader) ? row : null;
}

/** The reader's own filters and those shared with their units, by name. */
export async function listReadableFilters(db: DataSource | EntityManager, reader: FilterReader): Promise<SavedFilterEntity[]> {
  const qb = db.getRepository(SavedFilterEntity).createQueryBuilder('f');
  qb.where(
    new Brackets((w) => {
      w.where('f.owner = :owner', { owner: reader.username });
      if (reader.agency && reader.units.length) {
        w.orWhere('(f.agency_code = :agency AND f.unit_code IN (:...units))', { agency: reader.agency, units: reader.units });
      }
    }),
  );
  return qb.orderBy('f.name', 'ASC').addOrderBy('f.id', 'ASC').limit(500).getMany();
}

function canRead(f: SavedFilterEntity, reader: FilterReader): boolean {
  if (f.owner === reader.username) return true;
  return !!f.unit && !!f.agency && f.agency === reader.agency && reader.units.includes(f.unit);
}

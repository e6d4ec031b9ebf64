import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../common/transaction.util';
import { AgencyEntity } from './agency.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity, type Role } from './user.entity';

export async function upsertAgency(ds: DataSource, a: { code: string; name: string }): Promise<void> {
  await inTransaction(ds, (m) => m.upsert(AgencyEntity, a, ['code']));
}

export async function upsertUnit(ds: DataSource, u: { agency: string; code: string; name: string }): Promise<void> {
  await inTransaction(ds, async (m) => {
    const repo = m.getRepository(UnitEntity);
    const existing = await repo.findOneBy({ agency: u.agency, code: u.code });
    if (existing) await repo.update({ id: existing.id }, { name: u.name });
    else await repo.insert({ id: randomUUID(), ...u });
  });
}

export async function listAgencies(ds: DataSource): Promise<AgencyEntity[]> {
  return ds.getRepository(AgencyEntity).find({ order: { code: 'ASC' } });
}

export async function listUnits(ds: DataSource, agency?: string): Promise<UnitEntity[]> {
  return ds.getRepository(UnitEntity).find({ where: agency ? { agency } : {}, order: { agency: 'ASC', code: 'ASC' } });
}

export interface NewUser {
  username: string;
  fullName: string;
  passwordHash: string;
  roles: Role[];
  agency?: string | null;
  units?: string[];
  groups?: string[];
}

/** Creates the user, or — when the username exists — leaves it untouched. Returns the row. */
export async function ensureUser(ds: DataSource, u: NewUser): Promise<{ user: UserEntity; created: boolean }> {
  return inTransaction(ds, async (m) => {
    const repo = m.getRepository(UserEntity);
    const existing = await repo.findOneBy({ username: u.username });
    if (existing) return { user: existing, created: false };
    const row: UserEntity = {
      id: randomUUID(),
      username: u.username,
      fullName: u.fullName,
      passwordHash: u.passwordHash,
      roles: u.roles,
      agency: u.agency ?? null,
      units: u.units ?? [],
      groups: u.groups ?? [],
      active: true,
      createdAt: new Date(),
    };
    await repo.insert(row);
    return { user: row, created: true };
  });
}

export async function findUserByUsername(ds: DataSource, username: string): Promise<UserEntity | null> {
  return ds.getRepository(UserEntity).findOneBy({ username });
}

export async function findUserById(ds: DataSource, id: string): Promise<UserEntity | null> {
  return ds.getRepository(UserEntity).findOneBy({ id });
}

/** Candidate groups a user belongs to: unit codes, roles and explicit groups. */
export function groupsOf(user: Pick<UserEntity, 'units' | 'roles' | 'groups'>): string[] {
  return [...new Set([...user.units, ...user.roles, ...user.groups])];
}

/** Updates the mutable fields of a user (admin); returns the row, or null when unknown. */
export async function updateUser(
  ds: DataSource,
  id: string,
  changes: Partial<Pick<UserEntity, 'fullName' | 'passwordHash' | 'roles' | 'agency' | 'units' | 'groups' | 'active'>>,
): Promise<UserEntity | null> {
  return inTransaction(ds, async (m) => {
    const repo = m.getRepository(UserEntity);
    if (Object.keys(changes).length > 0) await repo.update({ id }, changes);
    return repo.findOneBy({ id });
  });
}

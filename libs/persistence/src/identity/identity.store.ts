import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../common/transaction.util';
import { AgencyEntity } from './agency.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity, type Role } from './user.entity';

export async function upsertAgency(ds: DataSource, a: { code: string; name: string }): Promise<void> {
  await inTransaction(ds, (m) => upsertAgencyIn(m, a));
}

export async function upsertAgencyIn(m: EntityManager, a: { code: string; name: string }): Promise<void> {
  await m.upsert(AgencyEntity, a, ['code']);
}

export async function upsertUnit(ds: DataSource, u: { agency: string; code: string; name: string }): Promise<void> {
  await inTransaction(ds, (m) => upsertUnitIn(m, u));
}

export async function upsertUnitIn(m: EntityManager, u: { agency: string; code: string; name: string }): Promise<void> {
  // insert-or-ignore then rename: two replicas seeding at once both succeed (uq_units_agency_code)
  await m.createQueryBuilder().insert().into(UnitEntity).values({ id: randomUUID(), ...u }).orIgnore().execute();
  await m.getRepository(UnitEntity).update({ agency: u.agency, code: u.code }, { name: u.name });
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
  /** chức danh (ChucDanh of progress records) */
  title?: string | null;
}

/**
 * Creates the user, or — when the username exists — leaves it untouched. Returns the row.
 * Idempotent under concurrency: the insert is `ON CONFLICT DO NOTHING` (PostgreSQL) /
 * `INSERT OR IGNORE` (SQLite), so two API replicas seeding the demo users at once, or two
 * admins creating one username, get `created: false` instead of a unique-key error.
 */
export async function ensureUser(ds: DataSource, u: NewUser): Promise<{ user: UserEntity; created: boolean }> {
  return inTransaction(ds, (m) => ensureUserIn(m, u));
}

export async function ensureUserIn(m: EntityManager, u: NewUser): Promise<{ user: UserEntity; created: boolean }> {
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
    title: u.title ?? null,
    active: true,
    tokenVersion: 0,
    createdAt: new Date(),
  };
  await m.createQueryBuilder().insert().into(UserEntity).values(row).orIgnore().execute();
  // a concurrent writer may have taken the username between our read and our insert
  const stored = await repo.findOneBy({ username: u.username });
  if (!stored) throw new Error(`user ${u.username} could not be created`);
  return stored.id === row.id ? { user: row, created: true } : { user: stored, created: false };
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

export type UserChanges = Partial<Pick<UserEntity, 'fullName' | 'passwordHash' | 'roles' | 'agency' | 'units' | 'groups' | 'active' | 'title'>>;

/** Updates the mutable fields of a user (admin); returns the row, or null when unknown. */
export async function updateUser(ds: DataSource, id: string, changes: UserChanges): Promise<UserEntity | null> {
  return inTransaction(ds, async (m) => (await updateUserIn(m, id, changes))?.after ?? null);
}

/**
 * Changes only the fields given. A new password, a deactivation or a change of roles
 * raises the token version: every token issued before is refused from then on.
 */
export async function updateUserIn(m: EntityManager, id: string, changes: UserChanges): Promise<{ before: UserEntity; after: UserEntity; tokensRevoked: boolean } | null> {
  const repo = m.getRepository(UserEntity);
  const before = await repo.findOneBy({ id });
  if (!before) return null;
  const sameRoles = !changes.roles || (changes.roles.length === before.roles.length && changes.roles.every((r) => before.roles.includes(r)));
  const tokensRevoked = changes.passwordHash !== undefined || (changes.active === false && before.active) || !sameRoles;
  const patch = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as UserChanges & { tokenVersion?: number };
  if (tokensRevoked) patch.tokenVersion = before.tokenVersion + 1;
  if (Object.keys(patch).length > 0) await repo.update({ id }, patch);
  const after = (await repo.findOneBy({ id })) as UserEntity;
  return { before, after, tokensRevoked };
}

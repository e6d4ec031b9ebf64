import { groupsOf, type Role, type UserEntity } from '@tthc/persistence';

/** The authenticated caller, attached to the request by the JWT guard. */
export interface AuthUser {
  id: string;
  username: string;
  fullName: string;
  roles: Role[];
  agency: string | null;
  units: string[];
  /** candidate groups: units, roles and explicit groups */
  groups: string[];
  /** what an auditor may read (issue 13 §6): absent for other roles */
  auditScope?: AuditScope;
}

/**
 * An auditor reads everything in scope and changes nothing: the whole province (an auditor
 * without an agency, e.g. the provincial inspectorate) or one agency (an auditor placed in an
 * agency, e.g. its internal inspector). Derived from the user's placement: no separate column.
 */
export type AuditScope = { kind: 'province' } | { kind: 'agency'; agency: string };

export function auditScopeOf(user: Pick<UserEntity, 'roles' | 'agency'>): AuditScope | undefined {
  if (!user.roles.includes('auditor')) return undefined;
  return user.agency ? { kind: 'agency', agency: user.agency } : { kind: 'province' };
}

/** admins and province-wide auditors read every agency's records; everyone else only their agency's */
export function readsEveryAgency(user: AuthUser): boolean {
  return hasRole(user, 'admin') || (hasRole(user, 'auditor') && !user.agency);
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}

/** What the API tells about a user (and the guard attaches to the request). */
export function toAuthUser(user: UserEntity): AuthUser {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    roles: user.roles,
    agency: user.agency,
    units: user.units,
    groups: groupsOf(user),
    ...(user.roles.includes('auditor') ? { auditScope: auditScopeOf(user) } : {}),
  };
}

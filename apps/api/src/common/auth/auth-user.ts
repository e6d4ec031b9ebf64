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
  };
}

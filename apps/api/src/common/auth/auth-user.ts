import type { Role } from '@tthc/persistence';

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

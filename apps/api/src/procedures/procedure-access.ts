import type { ProcedureStatus } from '@tthc/contracts';
import { hasRole, readsEveryAgency, type AuthUser } from '../common/auth/auth-user';

/**
 * Who sees and changes a catalog entry. A published or retired procedure is public
 * information (the national portal lists it), so every authenticated caller reads it; a
 * draft is internal to its agency (its officers, analysts and auditors) and to admins and
 * province auditors (`readsEveryAgency`); the
 * portal account sees published procedures only. Changes: analysts of the owning agency
 * and admins. An entry the caller may not see answers 404, like an unknown code.
 */
export function canSeeProcedure(user: AuthUser, p: { agency: string; status: ProcedureStatus }): boolean {
  if (readsEveryAgency(user)) return true;
  if (p.status === 'published') return true;
  if (hasRole(user, 'portal')) return false;
  if (p.status === 'retired') return true;
  return !!user.agency && user.agency === p.agency && hasRole(user, 'officer', 'analyst', 'auditor');
}

export function canEditProcedure(user: AuthUser, p: { agency: string }): boolean {
  if (hasRole(user, 'admin')) return true;
  return hasRole(user, 'analyst') && !!user.agency && user.agency === p.agency;
}

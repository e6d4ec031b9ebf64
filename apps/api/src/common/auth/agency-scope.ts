import { ApiError } from '../errors/api-error';
import { readsEveryAgency, type AuthUser } from './auth-user';

/**
 * The one answer for a record of another agency — a process instance, its tasks and documents,
 * as for dossiers, drafts and process designs: 404 with the body of an unknown id (`<what> not
 * found`), so nobody learns that an id exists in another agency (docs/security.md "Agency
 * scope"). A record without an agency is shared. `everyAgency`: who sees every agency on this
 * route (default: admins and province-wide auditors). `notFound`: the route's own answer for an
 * unknown id, when it has one (dossiers: DOSSIER_NOT_FOUND), so both stay the same answer.
 */
export function assertInAgencyScope(
  user: AuthUser,
  agency: string | null | undefined,
  what: string,
  everyAgency = readsEveryAgency(user),
  notFound: () => Error = () => ApiError.notFound(what),
): void {
  if (agency && agency !== user.agency && !everyAgency) throw notFound();
}

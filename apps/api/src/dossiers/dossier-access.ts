import { Inject, Injectable } from '@nestjs/common';
import { FINAL_DOSSIER_STATUSES } from '@tthc/contracts';
import { getDossier, type DossierEntity } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { assertInAgencyScope } from '../common/auth/agency-scope';
import { hasRole, readsEveryAgency, type AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { DossierError, DossierErrorCode } from './dossier.errors';

export type DossierAccessMode = 'read' | 'write';

/**
 * Who may see and touch a dossier (every dossier route goes through here):
 * - admin and province auditors read every agency's dossiers; officers, analysts and an
 *   agency's auditors those of their own agency; the portal account the dossiers it submitted;
 * - a dossier the caller may not see answers 404 DOSSIER_NOT_FOUND, for reads AND writes,
 *   so its existence is never revealed to another agency;
 * - writes (documents, reuse) are for officers of the dossier's agency and admins
 *   (403 ROLE_NOT_ALLOWED for the others who can see it); a closed dossier refuses writes.
 */
@Injectable()
export class DossierAccess {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async load(id: string, user: AuthUser, mode: DossierAccessMode): Promise<DossierEntity> {
    const d = /^[0-9a-f-]{36}$/i.test(id) ? await getDossier(this.ds, id) : null;
    if (!d) throw dossierNotFound(id);
    assertCanSee(user, d, id);
    if (mode === 'write') {
      if (!hasRole(user, 'officer', 'admin') || (hasRole(user, 'officer') && !hasRole(user, 'admin') && user.agency !== d.agency)) {
        throw new DossierError(DossierErrorCode.ROLE_NOT_ALLOWED, 'only officers of the dossier’s agency and admins change a dossier');
      }
      if (FINAL_DOSSIER_STATUSES.includes(d.status)) {
        throw new DossierError(DossierErrorCode.DOSSIER_CLOSED, `dossier is closed (status ${d.status})`, { status: d.status });
      }
    }
    return d;
  }
}

/** the answer for a dossier the caller may not see, the same as for an unknown id */
function dossierNotFound(id: string): DossierError {
  return new DossierError(DossierErrorCode.DOSSIER_NOT_FOUND, `dossier ${id} not found`);
}

/**
 * The visibility rule (the list applies it as a query restriction, listScope): the portal account sees the
 * dossiers it submitted; staff who read dossiers (officers, analysts, auditors, admins) see their agency's —
 * another agency's dossier is not found, through the API's one agency-scope rule (assertInAgencyScope), with
 * the body of an unknown id; anyone else sees none.
 */
export function assertCanSee(user: AuthUser, d: Pick<DossierEntity, 'agency' | 'createdBy'>, id: string): void {
  if (hasRole(user, 'portal') && d.createdBy === user.username) return;
  const everyAgency = readsEveryAgency(user);
  // an agency's auditor (auditScope agency) reads that agency's dossiers, like its officers
  if (!everyAgency && !(user.agency && hasRole(user, 'officer', 'analyst', 'auditor'))) throw dossierNotFound(id);
  assertInAgencyScope(user, d.agency, `dossier ${id}`, everyAgency, () => dossierNotFound(id));
}

/** The list restriction matching assertCanSee: `undefined` fields = no restriction. */
export function listScope(user: AuthUser): { agency?: string; createdBy?: string; nothing?: true } {
  if (readsEveryAgency(user)) return {};
  if (user.agency && hasRole(user, 'officer', 'analyst', 'auditor')) return { agency: user.agency };
  if (hasRole(user, 'portal')) return { createdBy: user.username };
  return { nothing: true };
}

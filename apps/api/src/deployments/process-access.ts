import { Inject, Injectable } from '@nestjs/common';
import type { ProcedureStatus } from '@tthc/contracts';
import { draftAgenciesUsingForm, procedureStatusOfProcesses, processAgencies, processKeysUsingForm } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { hasRole, readsEveryAgency, type AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { canSeeProcedure } from '../procedures/procedure-access';

/**
 * Who reads a process design — its deployed versions, their BPMN XML and forms, its designer
 * history (docs/security.md, "process designs"):
 * - the process of a catalog procedure follows the catalog (`canSeeProcedure`): a published or
 *   retired procedure is public information — its internal process too, so an officer of agency A
 *   reads how agency B runs a procedure (the catalog page links to it) — while a procedure still
 *   in draft is its agency's (and the readers of every agency's);
 * - any other process is its agency's (`tthc:agency`): that agency's users and those who read
 *   every agency (admins, province auditors); a shared process (no agency, deployed by an admin)
 *   every staff user's.
 * A process the caller may not read answers like an unknown key: 404 for one version, absent
 * from lists. The portal account never reaches these routes (JwtAuthGuard).
 */
export function canReadProcess(user: AuthUser, p: { agency: string | null; procedure?: { agency: string; status: ProcedureStatus } }): boolean {
  if (p.procedure) return canSeeProcedure(user, p.procedure);
  return p.agency === null || readsEveryAgency(user) || user.agency === p.agency;
}

/** The one place the API applies canReadProcess (the key → agency answer is kept: it never changes). */
@Injectable()
export class ProcessAccess {
  /** process key → agency (null: shared); a deployed key never changes agency */
  private readonly agencies = new Map<string, string | null>();

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** The keys among `keys` the caller may read (unknown keys are left out). */
  async readable(user: AuthUser, keys: Iterable<string>): Promise<Set<string>> {
    const wanted = [...new Set(keys)];
    const missing = wanted.filter((k) => !this.agencies.has(k));
    if (missing.length) for (const [key, agency] of await processAgencies(this.ds, missing)) this.agencies.set(key, agency);
    const known = wanted.filter((k) => this.agencies.has(k));
    // a procedure's status changes (draft → published → retired): read each time
    const procedures = await procedureStatusOfProcesses(this.ds, known);
    return new Set(known.filter((k) => canReadProcess(user, { agency: this.agencies.get(k) ?? null, procedure: procedures.get(k) })));
  }

  /** the agency a deployed key belongs to (null: shared; undefined: no such key) */
  async agencyOf(key: string): Promise<string | null | undefined> {
    if (!this.agencies.has(key)) for (const [k, agency] of await processAgencies(this.ds, [key])) this.agencies.set(k, agency);
    return this.agencies.get(key);
  }

  async canRead(user: AuthUser, key: string): Promise<boolean> {
    return (await this.readable(user, [key])).has(key);
  }

  /** 404 `process <key>` (as for an unknown key) unless the caller may read it. */
  async assertReadable(user: AuthUser, key: string, what = `process ${key}`): Promise<void> {
    if (!(await this.canRead(user, key))) throw ApiError.notFound(what);
  }

  /**
   * A stored form (by content hash) is read by whoever may read a process version that pins it,
   * or the draft that holds it (drafts: the analysts of the draft's agency, admins).
   */
  async assertFormReadable(user: AuthUser, hash: string, what: string): Promise<void> {
    if (readsEveryAgency(user)) return;
    if (hasRole(user, 'analyst') && user.agency && (await draftAgenciesUsingForm(this.ds, hash)).includes(user.agency)) return;
    if ((await this.readable(user, await processKeysUsingForm(this.ds, hash))).size > 0) return;
    throw ApiError.notFound(what);
  }
}

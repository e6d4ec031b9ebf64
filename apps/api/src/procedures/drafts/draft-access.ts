import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@tthc/contracts';
import { getDraft, type ProcedureDraftEntity } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { hasRole, type AuthUser } from '../../common/auth/auth-user';
import { ApiError } from '../../common/errors/api-error';
import { DATA_SOURCE } from '../../common/tokens';

/**
 * Drafts belong to an agency: an analyst reads and writes only the drafts of their own agency,
 * an admin every draft. A draft of another agency answers the same 404 as an unknown one.
 */
@Injectable()
export class DraftAccess {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** undefined = every agency (admin) */
  agencyScope(user: AuthUser): string | undefined {
    if (hasRole(user, 'admin')) return undefined;
    if (!user.agency) throw new ApiError(ErrorCode.AGENCY_MISMATCH, 'you belong to no agency: ask an admin to attach you to one before drafting procedures');
    return user.agency;
  }

  async draftFor(user: AuthUser, id: string): Promise<ProcedureDraftEntity> {
    const scope = this.agencyScope(user);
    const draft = /^[0-9a-f-]{36}$/i.test(id) ? await getDraft(this.ds, id) : null;
    if (!draft || (scope !== undefined && draft.agency !== scope)) throw ApiError.notFound(`draft ${id}`);
    return draft;
  }
}

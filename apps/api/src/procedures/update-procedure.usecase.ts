import { Inject, Injectable } from '@nestjs/common';
import type { ProcedureDetailView, ProcedureUpdate } from '@tthc/contracts';
import { getProcedure, inTransaction, updateProcedureIn } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { canEditProcedure, canSeeProcedure } from './procedure-access';
import { ProcedureQueries } from './procedure-queries.service';

/**
 * An analyst of the owning agency (or an admin) changes a catalog entry: its status
 * (draft → published → retired) or its descriptive fields. The change and its audit entry
 * commit together. Running dossiers keep the component list they copied at creation.
 */
@Injectable()
export class UpdateProcedureUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly queries: ProcedureQueries,
  ) {}

  async execute(code: string, patch: ProcedureUpdate, user: AuthUser): Promise<ProcedureDetailView> {
    const existing = /^\d\.\d{6}$/.test(code) ? await getProcedure(this.ds, code) : null;
    if (!existing || !canSeeProcedure(user, existing)) throw ApiError.notFound(`procedure ${code}`);
    if (!canEditProcedure(user, existing)) throw ApiError.forbidden('only analysts of the owning agency and admins change a catalog entry');
    await inTransaction(this.ds, async (m) => {
      const res = await updateProcedureIn(m, code, patch, new Date());
      if (!res) throw ApiError.notFound(`procedure ${code}`);
      const changed = Object.keys(patch).filter((k) => JSON.stringify((res.before as unknown as Record<string, unknown>)[k]) !== JSON.stringify((res.after as unknown as Record<string, unknown>)[k]));
      await this.audit.recordIn(m, {
        actor: user.username,
        action: 'procedure.update',
        entity: 'procedure',
        entityId: code,
        details: { changed, ...(patch.status ? { statusFrom: res.before.status, statusTo: res.after.status } : {}) },
      });
    });
    return this.queries.get(code, user);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { ProcedureDetailView, ProcedureStatus, ProcedureView } from '@tthc/contracts';
import { getProcedure, listProcedures, listProcedureVersions, toProcedureView } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { canEditProcedure, canSeeProcedure } from './procedure-access';

/** Reads of the catalog, filtered by what the caller may see (procedure-access.ts). */
@Injectable()
export class ProcedureQueries {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async list(user: AuthUser, q: { agency?: string; status?: ProcedureStatus }): Promise<ProcedureView[]> {
    const rows = await listProcedures(this.ds, { agency: q.agency });
    return rows.map(toProcedureView).filter((p) => canSeeProcedure(user, p) && (!q.status || p.status === q.status));
  }

  async get(code: string, user: AuthUser): Promise<ProcedureDetailView> {
    const p = /^\d\.\d{6}$/.test(code) ? await getProcedure(this.ds, code) : null;
    if (!p || !canSeeProcedure(user, p)) throw ApiError.notFound(`procedure ${code}`);
    return { ...toProcedureView(p), versions: await listProcedureVersions(this.ds, p.processKey), editable: canEditProcedure(user, p) };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { ProcedureDetailView, ProcedureStatus, ProcedureView } from '@tthc/contracts';
import { getProcedure, listDrafts, listProcedures, listProcedureVersions, listVersionHistory, toProcedureView } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { toDraftSummaryView, toVersionEntryView } from './drafts/draft-views';
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
    const editable = canEditProcedure(user, p);
    const [versions, history, drafts] = await Promise.all([
      listProcedureVersions(this.ds, p.processKey),
      listVersionHistory(this.ds, p.processKey),
      // drafts are the designer's work in progress: the owning agency's analysts and admins see them (as in DraftAccess)
      editable ? listDrafts(this.ds, { key: p.processKey }) : Promise.resolve([]),
    ]);
    return {
      ...toProcedureView(p),
      versions,
      history: history.map(toVersionEntryView).reverse(),
      drafts: drafts.filter((d) => user.roles.includes('admin') || d.agency === p.agency).map(toDraftSummaryView),
      editable,
    };
  }
}

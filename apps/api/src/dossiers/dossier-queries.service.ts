import { Inject, Injectable } from '@nestjs/common';
import type { DossierStatus, DossierView } from '@tthc/contracts';
import {
  findReusableDocuments,
  getProcedure,
  listDossierComponents,
  listDossierDocuments,
  listDossierEvents,
  listDossierProgress,
  listDossiers,
  listProcedures,
  verifyDossierEvents,
} from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { toDocumentView } from '../documents/document-view';
import { DossierAccess, listScope } from './dossier-access';
import { toDossierView, toEventView, toProgressView } from './dossier-view';

export interface ListDossiersCommand {
  code?: string;
  statuses?: DossierStatus[];
  procedureCode?: string;
  applicantIdNumber?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
  dueBefore?: Date;
  cursor?: string;
  limit: number;
}

/** Reads of dossiers; every one passes the access rule first. */
@Injectable()
export class DossierQueries {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: DossierAccess,
  ) {}

  async list(cmd: ListDossiersCommand, user: AuthUser): Promise<{ items: DossierView[]; nextCursor?: string }> {
    const scope = listScope(user);
    if (scope.nothing) return { items: [] };
    const page = await listDossiers(this.ds, { ...cmd, agency: scope.agency, createdBy: scope.createdBy });
    const names = new Map((await listProcedures(this.ds)).map((p) => [p.code, p.name]));
    return {
      items: page.items.map((d) => toDossierView(d, names.get(d.procedureCode) ?? d.procedureCode)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  async get(id: string, user: AuthUser): Promise<DossierView> {
    const d = await this.access.load(id, user, 'read');
    const procedure = await getProcedure(this.ds, d.procedureCode);
    return toDossierView(d, procedure?.name ?? d.procedureCode, await listDossierComponents(this.ds, d.id));
  }

  async events(id: string, user: AuthUser) {
    const d = await this.access.load(id, user, 'read');
    return { items: (await listDossierEvents(this.ds, d.id)).map(toEventView) };
  }

  async verify(id: string, user: AuthUser) {
    const d = await this.access.load(id, user, 'read');
    return verifyDossierEvents(this.ds, d.id);
  }

  async progress(id: string, user: AuthUser) {
    const d = await this.access.load(id, user, 'read');
    return { items: (await listDossierProgress(this.ds, d.id)).map(toProgressView) };
  }

  async documents(id: string, user: AuthUser) {
    const d = await this.access.load(id, user, 'read');
    return { items: (await listDossierDocuments(this.ds, d.id)).map(toDocumentView) };
  }

  /** Documents held for the same applicant ID (same agency) that a component may link instead of a new scan. */
  async reusable(id: string, user: AuthUser) {
    const d = await this.access.load(id, user, 'read');
    const rows = await findReusableDocuments(this.ds, d);
    return {
      items: rows.map((r) => ({ ...toDocumentView(r.document), fromDossierId: r.dossierId, fromDossierCode: r.dossierCode })),
    };
  }
}

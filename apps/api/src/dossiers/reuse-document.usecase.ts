import { Inject, Injectable } from '@nestjs/common';
import type { DossierComponentView } from '@tthc/contracts';
import { DossierComponentNotFoundError, findReusableDocuments, inTransaction, setComponentDocument } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { hasRole, type AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { DossierAccess } from './dossier-access';
import { DossierError, DossierErrorCode } from './dossier.errors';
import { toComponentView } from './dossier-view';

/**
 * Links a component to a document already held for the same applicant (same ID number,
 * same agency, another dossier) instead of a new scan — "không yêu cầu nộp lại". Any
 * other document is refused with 422 DOCUMENT_NOT_REUSABLE (whether or not it exists).
 */
@Injectable()
export class ReuseDocumentUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: DossierAccess,
  ) {}

  async execute(dossierId: string, componentId: string, documentId: string, user: AuthUser): Promise<DossierComponentView> {
    const dossier = await this.access.load(dossierId, user, 'write');
    if (!hasRole(user, 'admin') && !user.units.includes(dossier.receivingUnit)) {
      throw new DossierError(DossierErrorCode.UNIT_NOT_ALLOWED, `components are digitised by the receiving unit ${dossier.receivingUnit}`);
    }
    const reusable = await findReusableDocuments(this.ds, dossier);
    if (!reusable.some((r) => r.document.id === documentId)) {
      throw new DossierError(DossierErrorCode.DOCUMENT_NOT_REUSABLE, 'only a current document of another dossier of the same applicant ID number can be reused', { documentId });
    }
    try {
      const component = await inTransaction(this.ds, (m) =>
        setComponentDocument(m, dossier.id, componentId, { reusedDocumentId: documentId }, { actor: user.username, unit: dossier.receivingUnit, at: new Date() }),
      );
      return toComponentView(component);
    } catch (err) {
      if (err instanceof DossierComponentNotFoundError) throw new DossierError(DossierErrorCode.COMPONENT_NOT_FOUND, err.message);
      throw err;
    }
  }
}

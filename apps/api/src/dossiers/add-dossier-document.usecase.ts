import { Injectable } from '@nestjs/common';
import { appendDossierEvent, DossierComponentNotFoundError, insertDocumentIn, setComponentDocument } from '@tthc/persistence';
import { hasRole, type AuthUser } from '../common/auth/auth-user';
import { toDocumentView, type DocumentView } from '../documents/document-view';
import { StoreDocument } from '../documents/store-document';
import { DossierAccess } from './dossier-access';
import { DossierError, DossierErrorCode } from './dossier.errors';

export interface AddDossierDocumentCommand {
  dossierId: string;
  /** component scan (digitisation): the component it digitises */
  componentId?: string;
  kind: 'component' | 'result' | 'other';
  name: string;
  mediaType: string;
  bytes: Buffer;
}

/**
 * Adds a file to a dossier: a component's digitised scan (by an officer of the receiving
 * unit), a result document, or another file (officers of the dossier's agency). StoreDocument
 * puts the bytes in the blob store first; the document row, the `document.added` event and —
 * for a scan — the component link with its `component.digitised` event commit in one
 * transaction.
 */
@Injectable()
export class AddDossierDocumentUseCase {
  constructor(
    private readonly access: DossierAccess,
    private readonly store: StoreDocument,
  ) {}

  async execute(cmd: AddDossierDocumentCommand, user: AuthUser): Promise<DocumentView> {
    const dossier = await this.access.load(cmd.dossierId, user, 'write');
    const kind = cmd.componentId ? 'component' : cmd.kind;
    if (kind === 'component' && !hasRole(user, 'admin') && !user.units.includes(dossier.receivingUnit)) {
      throw new DossierError(DossierErrorCode.UNIT_NOT_ALLOWED, `component scans are added by the receiving unit ${dossier.receivingUnit}`);
    }
    const at = new Date();
    const unit = user.units.includes(dossier.receivingUnit) ? dossier.receivingUnit : (user.units[0] ?? null);
    try {
      const row = await this.store.upload(cmd, async (m, file) => {
        const doc = await insertDocumentIn(m, { ...file, instanceId: dossier.instanceId, dossierId: dossier.id, kind, name: cmd.name, uploadedBy: user.username, uploadedAt: at });
        await appendDossierEvent(m, dossier.id, {
          kind: 'document.added',
          actor: user.username,
          unit,
          at,
          payload: { documentId: doc.id, kind, name: cmd.name, sha256: file.sha256, size: file.sizeBytes, componentId: cmd.componentId ?? null },
        });
        if (cmd.componentId) await setComponentDocument(m, dossier.id, cmd.componentId, { documentId: doc.id }, { actor: user.username, unit, at });
        return doc;
      });
      return toDocumentView(row);
    } catch (err) {
      if (err instanceof DossierComponentNotFoundError) throw new DossierError(DossierErrorCode.COMPONENT_NOT_FOUND, err.message);
      throw err;
    }
  }
}

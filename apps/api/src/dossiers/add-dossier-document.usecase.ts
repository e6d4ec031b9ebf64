import { Inject, Injectable } from '@nestjs/common';
import {
  appendDossierEvent,
  DossierComponentNotFoundError,
  inTransaction,
  insertDocumentIn,
  setComponentDocument,
  UNSIGNED,
  type BlobStore,
  type DocumentEntity,
} from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { hasRole, type AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { toDocumentView, type DocumentView } from '../documents/document-view';
import { BLOB_STORE } from '../documents/documents-config';
import { DocumentsService } from '../documents/documents.service';
import { resolveMediaType } from '../documents/media-type.util';
import { PDF_TYPE } from '../signatures/signature-verifier';
import { mapSigningErrors } from '../signatures/signing-error.mapper';
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
 * unit), a result document, or another file (officers of the dossier's agency). The bytes
 * go to the blob store first; the document row, the `document.added` event and — for a
 * scan — the component link with its `component.digitised` event commit in one
 * transaction; the blob is removed again if that transaction fails.
 */
@Injectable()
export class AddDossierDocumentUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly access: DossierAccess,
    private readonly documents: DocumentsService,
  ) {}

  async execute(cmd: AddDossierDocumentCommand, user: AuthUser): Promise<DocumentView> {
    const dossier = await this.access.load(cmd.dossierId, user, 'write');
    const kind = cmd.componentId ? 'component' : cmd.kind;
    if (kind === 'component' && !hasRole(user, 'admin') && !user.units.includes(dossier.receivingUnit)) {
      throw new DossierError(DossierErrorCode.UNIT_NOT_ALLOWED, `component scans are added by the receiving unit ${dossier.receivingUnit}`);
    }
    const mediaType = resolveMediaType(cmd.bytes, cmd.mediaType, cmd.name);
    const summary = mediaType === PDF_TYPE ? await this.documents.initialSummary(cmd.bytes) : UNSIGNED;
    const blob = await mapSigningErrors(() => this.blobs.put(cmd.bytes));
    const at = new Date();
    const unit = user.units.includes(dossier.receivingUnit) ? dossier.receivingUnit : (user.units[0] ?? null);
    let row: DocumentEntity;
    try {
      row = await inTransaction(this.ds, async (m) => {
        const doc = await insertDocumentIn(m, {
          instanceId: dossier.instanceId,
          dossierId: dossier.id,
          kind,
          name: cmd.name,
          mediaType,
          sizeBytes: blob.size,
          sha256: blob.sha256,
          storageKey: blob.key,
          uploadedBy: user.username,
          uploadedAt: at,
          signatureSummary: summary,
        });
        await appendDossierEvent(m, dossier.id, {
          kind: 'document.added',
          actor: user.username,
          unit,
          at,
          payload: { documentId: doc.id, kind, name: cmd.name, sha256: blob.sha256, size: blob.size, componentId: cmd.componentId ?? null },
        });
        if (cmd.componentId) await setComponentDocument(m, dossier.id, cmd.componentId, { documentId: doc.id }, { actor: user.username, unit, at });
        return doc;
      });
    } catch (err) {
      if (blob.created) await this.blobs.delete(blob.key);
      if (err instanceof DossierComponentNotFoundError) throw new DossierError(DossierErrorCode.COMPONENT_NOT_FOUND, err.message);
      throw err;
    }
    return toDocumentView(row);
  }
}

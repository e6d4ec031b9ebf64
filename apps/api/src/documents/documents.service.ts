import { Inject, Injectable } from '@nestjs/common';
import { insertDocumentIn, listDocuments, type BlobStore, type DocumentEntity, type DocumentKind } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { DocumentAccess } from './document-access';
import { toDocumentView, type DocumentView } from './document-view';
import { BLOB_STORE } from './documents-config';
import { StoreDocument } from './store-document';

export interface UploadCommand {
  instanceId: string;
  kind: Exclude<DocumentKind, 'signature'>;
  name: string;
  /** type the client declared */
  mediaType: string;
  bytes: Buffer;
}

/**
 * Dossier documents: upload (StoreDocument: bytes to the blob store, then the row), list with
 * signature status, metadata, content.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly access: DocumentAccess,
    private readonly store: StoreDocument,
    private readonly audit: AuditService,
  ) {}

  async upload(cmd: UploadCommand, user: AuthUser): Promise<DocumentView> {
    await this.access.instance(cmd.instanceId, user, 'write');
    const row = await this.store.upload(cmd, async (m, file) => {
      const doc = await insertDocumentIn(m, { ...file, instanceId: cmd.instanceId, kind: cmd.kind, name: cmd.name, uploadedBy: user.username });
      await this.audit.recordIn(m, {
        actor: user.username,
        action: 'document.upload',
        entity: 'process-instance',
        entityId: cmd.instanceId,
        details: { documentId: doc.id, kind: cmd.kind, name: cmd.name, sha256: doc.sha256, size: doc.sizeBytes },
      });
      return doc;
    });
    return toDocumentView(row);
  }

  async list(instanceId: string, user: AuthUser, allVersions: boolean): Promise<{ items: DocumentView[] }> {
    await this.access.instance(instanceId, user, 'read');
    return { items: (await listDocuments(this.ds, instanceId, { allVersions })).map(toDocumentView) };
  }

  async get(id: string, user: AuthUser): Promise<DocumentView> {
    return toDocumentView((await this.access.document(id, user, 'read')).doc);
  }

  async content(id: string, user: AuthUser): Promise<{ doc: DocumentEntity; bytes: Buffer }> {
    const { doc } = await this.access.document(id, user, 'read');
    return { doc, bytes: await this.blobs.get(doc.storageKey) };
  }
}

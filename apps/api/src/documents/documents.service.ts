import { Inject, Injectable } from '@nestjs/common';
import { insertDocument, listDocuments, UNSIGNED, type BlobStore, type DocumentEntity, type DocumentKind } from '@tthc/persistence';
import { SigningErrorCode, isSigningError } from '@tthc/signing';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { PDF_TYPE, SignatureVerifier, summaryOf } from '../signatures/signature-verifier';
import { mapSigningErrors } from '../signatures/signing-error.mapper';
import { DocumentAccess } from './document-access';
import { resolveMediaType } from './media-type.util';
import { toDocumentView, type DocumentView } from './document-view';
import { BLOB_STORE } from './documents-config';

export interface UploadCommand {
  instanceId: string;
  kind: Exclude<DocumentKind, 'signature'>;
  name: string;
  /** type the client declared */
  mediaType: string;
  bytes: Buffer;
}

/**
 * Dossier documents: upload (bytes to the blob store, then the row; the blob is removed
 * again when the row cannot be written), list with signature status, metadata, content.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly access: DocumentAccess,
    private readonly verifier: SignatureVerifier,
    private readonly audit: AuditService,
  ) {}

  async upload(cmd: UploadCommand, user: AuthUser): Promise<DocumentView> {
    await this.access.instance(cmd.instanceId, user, 'write');
    const mediaType = resolveMediaType(cmd.bytes, cmd.mediaType, cmd.name);
    // a PDF that already carries signatures (e.g. signed by a citizen's token) shows them at once
    const summary = mediaType === PDF_TYPE ? await this.initialSummary(cmd.bytes) : UNSIGNED;
    const blob = await mapSigningErrors(() => this.blobs.put(cmd.bytes));
    let row: DocumentEntity;
    try {
      row = await insertDocument(this.ds, {
        instanceId: cmd.instanceId,
        kind: cmd.kind,
        name: cmd.name,
        mediaType,
        sizeBytes: blob.size,
        sha256: blob.sha256,
        storageKey: blob.key,
        uploadedBy: user.username,
        signatureSummary: summary,
      });
    } catch (err) {
      if (blob.created) await this.blobs.delete(blob.key);
      throw err;
    }
    await this.audit.record({
      actor: user.username,
      action: 'document.upload',
      entity: 'process-instance',
      entityId: cmd.instanceId,
      details: { documentId: row.id, kind: cmd.kind, name: cmd.name, sha256: blob.sha256, size: blob.size },
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

  /** a PDF that already carries signatures shows them at once; a broken PDF is refused */
  async initialSummary(bytes: Buffer) {
    try {
      const report = await this.verifier.pdf(bytes);
      return report.signatures.length ? summaryOf(report) : UNSIGNED;
    } catch (err) {
      // an encrypted PDF can be kept (it just cannot be signed by us); a broken one is refused
      if (isSigningError(err) && err.code === SigningErrorCode.ENCRYPTED_PDF) return UNSIGNED;
      return mapSigningErrors(() => Promise.reject(err));
    }
  }
}

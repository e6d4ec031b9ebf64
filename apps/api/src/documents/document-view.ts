import type { DocumentView } from '@tthc/contracts';
import type { DocumentEntity } from '@tthc/persistence';

export type { DocumentView };

/** The stored row as the API shows it (never the storage key). */
export function toDocumentView(d: DocumentEntity): DocumentView {
  return {
    id: d.id,
    instanceId: d.instanceId,
    kind: d.kind,
    name: d.name,
    mediaType: d.mediaType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    uploadedBy: d.uploadedBy,
    uploadedAt: d.uploadedAt.toISOString(),
    version: d.version,
    supersedesId: d.supersedesId,
    isCurrent: d.isCurrent,
    signsDocumentId: d.signsDocumentId,
    signatures: d.signatureSummary,
    dossierId: d.dossierId ?? null,
    form: d.form ?? null,
    resultCode: d.resultCode ?? null,
  };
}

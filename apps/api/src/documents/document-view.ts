import type { DocumentEntity } from '@tthc/persistence';

export interface DocumentView {
  id: string;
  instanceId: string;
  kind: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  version: number;
  supersedesId: string | null;
  isCurrent: boolean;
  signsDocumentId: string | null;
  signatures: { count: number; valid: boolean; lastVerifiedAt: string | null };
  dossierId: string | null;
  /** generated form (kind notice): receipt | supplement | refusal | apology */
  form: string | null;
  /** e-result code of a result document */
  resultCode: string | null;
}

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

import { insertNextVersionIn, type DocumentEntity } from '@tthc/persistence';
import type { VerificationReport } from '@tthc/signing';
import type { EntityManager } from 'typeorm';
import type { BlobColumns } from '../documents/store-document';
import { PDF_TYPE, summaryOf } from './signature-verifier';

/**
 * The new version a PAdES signature makes of a PDF document — server-held key or officer's token alike:
 * the same document, kind and name, the signed bytes, who signed and what the verifier said of them.
 * Written in the caller's transaction (StoreDocument's), with its event and audit entry.
 */
export function insertSignedPdfVersionIn(
  m: EntityManager,
  doc: DocumentEntity,
  blob: BlobColumns,
  signedBy: string,
  report: VerificationReport,
  at = new Date(),
): Promise<DocumentEntity> {
  return insertNextVersionIn(m, doc.id, {
    ...blob,
    instanceId: doc.instanceId,
    kind: doc.kind,
    name: doc.name,
    mediaType: PDF_TYPE,
    uploadedBy: signedBy,
    uploadedAt: at,
    signatureSummary: summaryOf(report, at),
  });
}

import type { AuditInput, DocumentEntity } from '@tthc/persistence';

/** What a signature adds to the dossier's history, whoever holds the key (server or officer's token). */
export interface DocumentSignFacts {
  format: 'pades' | 'cades-detached';
  /** only the officer-held token is named; a server-held key is the default */
  keyHolder?: 'officer-token';
  newDocumentId: string;
  sha256After: string;
  certificate: { subject: string; serial: string; issuer: string };
  reason: string | null;
  valid: boolean;
}

/** The `document.sign` audit entry, on the dossier's instance so its history shows who signed what. */
export function documentSignAudit(actor: string, doc: DocumentEntity, facts: DocumentSignFacts): AuditInput {
  const { keyHolder, ...rest } = facts;
  return {
    actor,
    action: 'document.sign',
    entity: 'process-instance',
    entityId: doc.instanceId,
    details: {
      documentId: doc.id,
      name: doc.name,
      format: rest.format,
      ...(keyHolder ? { keyHolder } : {}),
      newDocumentId: rest.newDocumentId,
      sha256Before: doc.sha256,
      sha256After: rest.sha256After,
      certificate: rest.certificate,
      reason: rest.reason,
      valid: rest.valid,
    },
  };
}

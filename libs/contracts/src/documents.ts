/** A stored document as the API shows it (never the storage key). Pure data. */
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

/** GET /dossiers/:id/reusable-documents: a document held for the same applicant, and where it comes from. */
export interface ReusableDocumentView extends DocumentView {
  fromDossierId: string;
  fromDossierCode: string | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

export const DOCUMENT_KINDS = ['component', 'result', 'notice', 'other', 'signature'] as const;
/** `signature` = a detached CAdES (.p7s) sibling of the document it signs (never uploaded as such). */
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** What the last verification of the stored bytes said (PAdES: the PDF itself; other files: their .p7s siblings). */
export interface SignatureSummary {
  count: number;
  valid: boolean;
  lastVerifiedAt: string | null;
}

/**
 * A file of a dossier (process instance). Rows are never updated in place except the
 * signature summary and `is_current`: signing a PDF adds a new version that
 * `supersedes` the old one, which is kept. The bytes live in the blob store under
 * `storage_key` (content-addressed by `sha256`).
 */
@Entity({ name: 'documents' })
export class DocumentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'instance_id', type: 'varchar', length: 36 })
  instanceId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: DocumentKind;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'media_type', type: 'varchar', length: 127 })
  mediaType!: string;

  @Column({ name: 'size_bytes', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  sizeBytes!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 255 })
  storageKey!: string;

  @Column({ name: 'uploaded_by', type: 'varchar', length: 128 })
  uploadedBy!: string;

  @Column({ name: 'uploaded_at', type: Date })
  uploadedAt!: Date;

  /** 1 for an upload; +1 per signed version */
  @Column({ type: 'integer' })
  version!: number;

  /** the version this one replaces (signing), or null */
  @Column({ name: 'supersedes_id', type: 'varchar', length: 36, nullable: true })
  supersedesId!: string | null;

  /** false once a newer version exists */
  @Column({ name: 'is_current', type: 'boolean' })
  isCurrent!: boolean;

  /** kind `signature`: the document this detached signature signs */
  @Column({ name: 'signs_document_id', type: 'varchar', length: 36, nullable: true })
  signsDocumentId!: string | null;

  @Column({ name: 'signature_summary', type: 'simple-json' })
  signatureSummary!: SignatureSummary;

  /** the dossier the document belongs to (null for a plain process instance's document) */
  @Column({ name: 'dossier_id', type: 'varchar', length: 36, nullable: true })
  dossierId?: string | null;

  /** kind `notice`: which generated form it is (receipt | supplement | refusal | apology) */
  @Column({ type: 'varchar', length: 32, nullable: true })
  form?: string | null;

  /** kind `result`: the e-result code `<dossier code>-KQ<n>` */
  @Column({ name: 'result_code', type: 'varchar', length: 80, nullable: true })
  resultCode?: string | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A PAdES signature prepared for an officer's own token (`…/signatures/prepare`) and
 * waiting for the signature (`…/signatures/complete`): the prepared PDF (zero-filled
 * /Contents), its /ByteRange and digest, the signer certificate the client named. The id
 * is the short-lived handle; `completed_at` is set in the transaction that stores the
 * signed version, so a handle completes at most once.
 */
@Entity({ name: 'signature_sessions' })
export class SignatureSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'document_id', type: 'varchar', length: 36 })
  documentId!: string;

  @Column({ name: 'dossier_id', type: 'varchar', length: 36 })
  dossierId!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  @Column({ name: 'completed_at', type: Date, nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'signed_document_id', type: 'varchar', length: 36, nullable: true })
  signedDocumentId!: string | null;

  /** base64 DER */
  @Column({ name: 'signer_certificate', type: 'text' })
  signerCertificate!: string;

  @Column({ type: 'varchar', length: 32 })
  algorithm!: string;

  @Column({ name: 'byte_range', type: 'simple-json' })
  byteRange!: [number, number, number, number];

  /** hex SHA-256 of the byte ranges (the CMS messageDigest) */
  @Column({ type: 'varchar', length: 64 })
  digest!: string;

  @Column({ name: 'field_name', type: 'varchar', length: 255 })
  fieldName!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  reason!: string | null;

  /** base64 of the prepared PDF */
  @Column({ name: 'prepared_pdf', type: 'text' })
  preparedPdf!: string;
}

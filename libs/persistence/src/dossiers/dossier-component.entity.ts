import type { ProcedureComponent } from '@tthc/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One required (or optional) paper of a dossier, copied from the procedure's list. */
@Entity({ name: 'dossier_components' })
export class DossierComponentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'dossier_id', type: 'varchar', length: 36 })
  dossierId!: string;

  @Column({ type: 'integer' })
  ordinal!: number;

  /** the procedure component id */
  @Column({ name: 'component_key', type: 'varchar', length: 64 })
  componentKey!: string;

  @Column({ type: 'varchar', length: 500 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  form!: ProcedureComponent['form'];

  @Column({ type: 'integer' })
  count!: number;

  @Column({ type: 'boolean' })
  required!: boolean;

  /** the digitised scan of this dossier */
  @Column({ name: 'document_id', type: 'varchar', length: 36, nullable: true })
  documentId!: string | null;

  /** a document already held for the same applicant, linked instead of uploaded again */
  @Column({ name: 'reused_document_id', type: 'varchar', length: 36, nullable: true })
  reusedDocumentId!: string | null;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}

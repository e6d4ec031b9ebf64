import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A form-js form edited in a draft (issue 12, one forms mechanism): the task keeps
 * `tthc:formKey="<formId>"`, the draft records which stored schema (`forms.hash`) that id means
 * now; publishing pins it in the new version's graph (`graph.forms[formId]`).
 */
@Entity({ name: 'procedure_draft_forms' })
export class DraftFormEntity {
  @PrimaryColumn({ name: 'draft_id', type: 'varchar', length: 36 })
  draftId!: string;

  @PrimaryColumn({ name: 'form_id', type: 'varchar', length: 255 })
  formId!: string;

  /** sha-256 of the schema stored in `forms` */
  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ name: 'updated_by', type: 'varchar', length: 128 })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A reviewer's remark on a draft, optionally about one element of the diagram. */
@Entity({ name: 'procedure_draft_comments' })
@Index('ix_procedure_draft_comments_draft', ['draftId', 'createdAt'])
export class DraftCommentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'draft_id', type: 'varchar', length: 36 })
  draftId!: string;

  @Column({ name: 'element_id', type: 'varchar', length: 255, nullable: true })
  elementId!: string | null;

  @Column({ type: 'varchar', length: 128 })
  author!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who has a draft open right now: refreshed by the designer while the draft is open. */
@Entity({ name: 'procedure_draft_editors' })
export class DraftEditorEntity {
  @PrimaryColumn({ name: 'draft_id', type: 'varchar', length: 36 })
  draftId!: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  username!: string;

  @Column({ name: 'opened_at', type: Date })
  openedAt!: Date;

  @Column({ name: 'seen_at', type: Date })
  seenAt!: Date;
}
